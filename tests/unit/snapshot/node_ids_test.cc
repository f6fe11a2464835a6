#include "heapleak/snapshot/node_ids.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace heapleak {
namespace {

NodeIds make_ids(const std::vector<NodeId>& plain) {
  NodeIds ids(plain.size());
  std::copy(plain.begin(), plain.end(), ids.data());
  ids.compact();
  return ids;
}

// Every id and every find() answer against the plain list itself.
void expect_same_as_plain(const NodeIds& ids, const std::vector<NodeId>& plain,
                          const std::vector<NodeId>& probes) {
  ASSERT_EQ(ids.size(), plain.size());
  for (NodeOrdinal n = 0; n < plain.size(); ++n) ASSERT_EQ(ids[n], plain[n]) << "node " << n;
  for (const NodeId id : probes) {
    const auto it = std::find(plain.begin(), plain.end(), id);
    const NodeOrdinal expected =
        it == plain.end() ? kNoNode : static_cast<NodeOrdinal>(it - plain.begin());
    EXPECT_EQ(ids.find(id), expected) << "id " << id;
  }
}

TEST(NodeIds, RunsBreakingAtAndAroundIndexBlocks) {
  // 300 nodes in steps of 2 from 1, with new runs starting at nodes 63, 64, 65, 127, 128 (the
  // index keeps the run of every 64th node), 200 and 201, and a run wrapping past 2^32-1.
  std::vector<NodeId> plain;
  NodeId next = 1;
  for (NodeOrdinal n = 0; n < 300; ++n) {
    if (n == 63) next = 1001;
    if (n == 64) next = 5;  // goes back down: a later run reusing no id
    if (n == 65) next = 2001;
    if (n == 127 || n == 128) next += 10;
    if (n == 200) next = 0xFFFFFFF9u;  // 0xFFFFFFF9, ...FB, ...FD, ...FF, then 1, 3 wrapping
    if (n == 201) next = 0xFFFFFFFBu;  // (same as the step: no new run)
    plain.push_back(next);
    next += 2;
  }
  const NodeIds ids = make_ids(plain);
  ASSERT_TRUE(ids.compacted());
  EXPECT_EQ(ids.run_count(), 7u);  // 0, 63, 64, 65, 127, 128, 200
  std::vector<NodeId> probes = {0,    1,    2, 3, 123,  125,        127,        999,
                                1001, 1003, 5, 7, 2001, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFF7};
  for (const NodeId id : plain) probes.push_back(id), probes.push_back(id + 1);
  expect_same_as_plain(ids, plain, probes);
}

TEST(NodeIds, FindReturnsTheFirstOfRepeatedIds) {
  // Not V8's habit, but find_node() has always meant the first node with the id.
  std::vector<NodeId> plain;
  for (NodeId id = 1; id < 400; id += 2) plain.push_back(id);
  for (NodeId id = 101; id < 500; id += 2) plain.push_back(id);
  const NodeIds ids = make_ids(plain);
  ASSERT_TRUE(ids.compacted());
  EXPECT_EQ(ids.run_count(), 2u);
  expect_same_as_plain(ids, plain, {101, 399, 401, 499, 501});
  EXPECT_EQ(ids.find(101), 50u);
  EXPECT_EQ(ids.find(401), 200u + 150u);
}

TEST(NodeIds, IdsWithoutRunsStayPlain) {
  std::mt19937 rng(7);
  std::vector<NodeId> plain(5000);
  for (NodeId& id : plain) id = static_cast<NodeId>(rng()) | 1u;
  const NodeIds ids = make_ids(plain);
  EXPECT_FALSE(ids.compacted());
  expect_same_as_plain(ids, plain, {plain[0], plain[4999], plain[1234], 2, 4});
}

TEST(NodeIds, RunsOnlyWhereTheyTakeAtMostHalfThePlainMemory) {
  // 4096 nodes (16 KB plain, 64 index entries: 256 bytes): runs of 8 bytes each pay off up to
  // (8192 - 256) / 8 = 992 of them.
  for (const size_t runs : {size_t{992}, size_t{993}}) {
    std::vector<NodeId> plain;
    for (size_t r = 0; r < runs; ++r) {
      const size_t length = r < 4096 % runs ? 4096 / runs + 1 : 4096 / runs;
      for (size_t k = 0; k < length; ++k) plain.push_back(static_cast<NodeId>(100000 * r + 2 * k));
    }
    ASSERT_EQ(plain.size(), 4096u);
    const NodeIds ids = make_ids(plain);
    EXPECT_EQ(ids.compacted(), runs == 992) << runs;
    expect_same_as_plain(ids, plain, {plain[0], plain[4095], 100000 * 500 + 2});
  }
}

TEST(NodeIds, EmptyAndSingle) {
  NodeIds empty(0);
  empty.compact();
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.find(1), kNoNode);
  const NodeIds one = make_ids({77});
  EXPECT_EQ(one[0], 77u);
  EXPECT_EQ(one.find(77), 0u);
  EXPECT_EQ(one.find(79), kNoNode);
}

}  // namespace
}  // namespace heapleak
