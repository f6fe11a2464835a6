#include "heapleak/diff/id_index.h"

#include <gtest/gtest.h>

#include <random>

#include "support/test_files.h"

namespace heapleak {
namespace {

using namespace heapleak::testing;

TEST(IdIndex, FindsEveryNodeOfAFixture) {
  const Snapshot s = load_fixture("tiny/case1_permuted.heapsnapshot");
  const IdIndex index = IdIndex::build(s);
  ASSERT_EQ(index.size(), s.node_count());
  for (size_t i = 1; i < index.size(); ++i) EXPECT_LT(index.id(i - 1), index.id(i));
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) EXPECT_EQ(index.find(s.node_id[n]), n);
  EXPECT_EQ(index.find(2), kNoNode);  // ids of V8 heap objects are odd here
  EXPECT_EQ(index.find(UINT32_MAX), kNoNode);
}

TEST(IdIndex, RadixSortMatchesStdSortOnShuffledIds) {
  // Ids across the whole 32-bit range, shuffled, so both radix digits matter.
  Snapshot s;
  const uint32_t n = 100'000;
  std::mt19937 rng(3);
  std::vector<NodeId> ids(n);
  for (uint32_t i = 0; i < n; ++i) ids[i] = static_cast<NodeId>(rng()) | 1u;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<NodeId> shuffled = ids;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  s.node_id = NodeIds(shuffled.size());
  std::copy(shuffled.begin(), shuffled.end(), s.node_id.data());
  s.node_id.compact();
  ASSERT_FALSE(s.node_id.compacted());  // no runs to speak of: they stay plain
  const IdIndex index = IdIndex::build(s);
  ASSERT_EQ(index.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(index.id(i), ids[i]);
    ASSERT_EQ(s.node_id[index.ordinal(i)], ids[i]);
  }
}

}  // namespace
}  // namespace heapleak
