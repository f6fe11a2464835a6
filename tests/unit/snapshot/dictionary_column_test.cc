#include "heapleak/snapshot/dictionary_column.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "heapleak/snapshot/snapshot.h"

namespace heapleak {
namespace {

// A plain 3-byte column holding `names`, as the loader leaves edge names.
EdgeNames plain_names(const std::vector<uint32_t>& names) {
  NarrowColumn<uint32_t> column(names.size(), 3);
  for (size_t e = 0; e < names.size(); ++e) column.set(e, names[e]);
  return EdgeNames(std::move(column));
}

template <typename Column>
std::vector<uint32_t> read_back(const Column& names) {
  std::vector<uint32_t> out(names.size());
  for (size_t e = 0; e < out.size(); ++e) out[e] = names[e];
  return out;
}

// Mostly 37 shared names, with rare ones placed around the 64-edge blocks' edges and values
// the dictionary never takes (from 2^20 up, the 3-byte column's side table from 2^24-1 up).
TEST(DictionaryColumn, SharedNamesTakeOneByteAndEveryNameReadsBackExactly) {
  std::vector<uint32_t> names(100000);
  for (size_t e = 0; e < names.size(); ++e) names[e] = static_cast<uint32_t>(e % 37);
  const std::vector<uint32_t> rare = {1000,     (1u << 20) - 1, 1u << 20,       16777214,
                                      16777215, 16777216,       UINT32_MAX - 1, UINT32_MAX};
  size_t r = 0;
  for (const size_t e : {size_t{0}, size_t{62}, size_t{63}, size_t{64}, size_t{65}, size_t{127},
                         size_t{128}, size_t{4095}, size_t{4096}, size_t{99935}, size_t{99999}}) {
    names[e] = rare[r++ % rare.size()];
  }
  for (size_t e = 50000; e < 50200; ++e) names[e] = static_cast<uint32_t>(500000 + e);  // a run
  for (const unsigned threads : {1u, 2u}) {
    SCOPED_TRACE(threads);
    EdgeNames column = plain_names(names);
    const size_t plain_bytes = column.memory_bytes();
    column.compact(threads);
    ASSERT_TRUE(column.compacted());
    // Fewer than 255 names below 2^20 are on the sampled edges (every 4th), so the dictionary
    // holds all of them, and exactly the other edges are escaped.
    std::set<uint32_t> sampled;
    for (size_t e = 0; e < names.size(); e += 4) {
      if (names[e] < (1u << 20)) sampled.insert(names[e]);
    }
    ASSERT_LT(sampled.size(), 255u);
    const auto escaped = std::count_if(names.begin(), names.end(),
                                       [&](uint32_t name) { return !sampled.contains(name); });
    EXPECT_EQ(column.escaped_count(), static_cast<size_t>(escaped));
    EXPECT_GT(escaped, 150);
    EXPECT_LT(column.memory_bytes() * 2, plain_bytes);
    EXPECT_EQ(read_back(column), names);
    column.compact();  // again: nothing changes
    EXPECT_EQ(read_back(column), names);
  }
}

// The 255 most common names get a byte; the 256th most common is escaped like any other.
TEST(DictionaryColumn, TheDictionaryHoldsTheMostCommonNames) {
  std::vector<uint32_t> names;
  for (uint32_t name = 0; name < 256; ++name) {
    // Name k appears 1000 - k times (every 4th edge is sampled, so 4 x that many edges).
    for (uint32_t i = 0; i < 4 * (1000 - name); ++i) names.push_back(name);
  }
  EdgeNames column = plain_names(names);
  column.compact();
  ASSERT_TRUE(column.compacted());
  EXPECT_EQ(column.escaped_count(), size_t{4} * (1000 - 255));
  EXPECT_EQ(read_back(column), names);
}

// Names spread evenly over many values would mostly be escaped: they stay plain.
TEST(DictionaryColumn, NamesWithoutCommonOnesStayPlain) {
  std::vector<uint32_t> names(50000);
  for (size_t e = 0; e < names.size(); ++e) names[e] = static_cast<uint32_t>(e % 3000);
  EdgeNames column = plain_names(names);
  column.compact();
  EXPECT_FALSE(column.compacted());
  EXPECT_EQ(column.plain().width(), 3u);
  EXPECT_EQ(read_back(column), names);
}

TEST(DictionaryColumn, EmptyAndSingleEdgeColumns) {
  EdgeNames empty = plain_names({});
  empty.compact();
  EXPECT_EQ(empty.size(), 0u);
  EdgeNames one = plain_names({16777215});
  one.compact();
  EXPECT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0], 16777215u);
}

// Node names come plain in 4-byte slots; the same dictionary takes them.
TEST(DictionaryColumn, NodeNamesFromPlainFourByteSlots) {
  std::vector<uint32_t> names(70000);
  for (size_t i = 0; i < names.size(); ++i) {
    names[i] = i % 11 == 0 ? static_cast<uint32_t>(3000000 + i) : static_cast<uint32_t>(i % 9);
  }
  PodArray<StringId> plain(names.size());
  std::copy(names.begin(), names.end(), plain.begin());
  NodeNames column(std::move(plain));
  column.compact(2);
  ASSERT_TRUE(column.compacted());
  EXPECT_EQ(column.escaped_count(), (names.size() + 10) / 11);
  EXPECT_EQ(read_back(column), names);
}

// Self sizes hold 64-bit values: the plain column keeps those from 2^32-1 up in its side table,
// and the compacted one escapes them whole, on both threads' halves.
TEST(DictionaryColumn, SelfSizesEscapeSixtyFourBitValuesExactly) {
  std::vector<uint64_t> sizes(20000);
  for (size_t i = 0; i < sizes.size(); ++i) sizes[i] = 16 + 8 * (i % 13);
  const std::vector<uint64_t> large = {UINT32_MAX - 1, UINT32_MAX, uint64_t{1} << 32, 9294967290,
                                       (uint64_t{1} << 53) - 1};
  for (size_t k = 0; k < large.size(); ++k) sizes[63 + 4001 * k] = large[k];
  for (const unsigned threads : {1u, 2u}) {
    SCOPED_TRACE(threads);
    NarrowColumn<uint64_t> plain(sizes.size());
    for (size_t i = 0; i < sizes.size(); ++i) plain.set(i, sizes[i]);
    SelfSizes column(std::move(plain));
    column.compact(threads);
    ASSERT_TRUE(column.compacted());
    EXPECT_EQ(column.escaped_count(), large.size());
    for (size_t i = 0; i < sizes.size(); ++i) ASSERT_EQ(column[i], sizes[i]) << i;
  }
}

// expand() gives back the plain form with every value, for an owner to change and compact again.
TEST(DictionaryColumn, ExpandRestoresThePlainFormForChanges) {
  std::vector<uint64_t> sizes(5000, 32);
  sizes[100] = uint64_t{5} << 33;
  NarrowColumn<uint64_t> plain(sizes.size());
  for (size_t i = 0; i < sizes.size(); ++i) plain.set(i, sizes[i]);
  SelfSizes column(std::move(plain));
  column.compact();
  ASSERT_TRUE(column.compacted());
  column.expand();
  ASSERT_FALSE(column.compacted());
  for (size_t i = 0; i < sizes.size(); ++i) ASSERT_EQ(column.plain()[i], sizes[i]) << i;
  column.plain().set(8, 40);  // a sampled entry, so 40 joins the dictionary
  column.plain().set(100, 0);
  column.compact();
  ASSERT_TRUE(column.compacted());
  EXPECT_EQ(column.escaped_count(), 0u);
  EXPECT_EQ(column[8], 40u);
  EXPECT_EQ(column[100], 0u);
  EXPECT_EQ(column[4999], 32u);

  NodeNames names(PodArray<StringId>(3000));
  for (size_t i = 0; i < 3000; ++i) names.plain()[i] = i % 100 == 0 ? 5000000 : 3;
  names.compact();
  ASSERT_TRUE(names.compacted());
  names.expand();
  ASSERT_FALSE(names.compacted());
  EXPECT_EQ(names[200], 5000000u);
  EXPECT_EQ(names[201], 3u);
}

}  // namespace
}  // namespace heapleak
