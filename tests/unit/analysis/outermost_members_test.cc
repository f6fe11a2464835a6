// outermost_members on hand-made dominator trees, checked against a brute-force walk up the
// idom chain of every member.
#include "heapleak/analysis/outermost_members.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace heapleak {
namespace {

PodArray<NodeOrdinal> idom_of(const std::vector<NodeOrdinal>& parents) {
  PodArray<NodeOrdinal> idom(parents.size());
  std::copy(parents.begin(), parents.end(), idom.begin());
  return idom;
}

BitSet set_of(size_t n, const std::vector<NodeOrdinal>& members) {
  BitSet s(n);
  for (const NodeOrdinal m : members) s.set(m);
  return s;
}

std::vector<NodeOrdinal> listed(const BitSet& s) {
  std::vector<NodeOrdinal> out;
  for (NodeOrdinal i = 0; i < s.size(); ++i) {
    if (s.test(i)) out.push_back(i);
  }
  return out;
}

TEST(OutermostMembers, HandTree) {
  // Root 0 has children 1 and 2; 1 has 3 and 4; 2 has 5; 3 has 6; 5 has 7.
  const auto idom = idom_of({0, 0, 0, 1, 1, 2, 3, 5});
  EXPECT_EQ(listed(outermost_members(idom, 0, set_of(8, {1, 3, 6, 5}))),
            (std::vector<NodeOrdinal>{1, 5}));
  EXPECT_EQ(listed(outermost_members(idom, 0, set_of(8, {6, 3, 7}))),
            (std::vector<NodeOrdinal>{3, 7}));
  EXPECT_EQ(listed(outermost_members(idom, 0, set_of(8, {}))), (std::vector<NodeOrdinal>{}));
  // The root is never a member that hides others.
  EXPECT_EQ(listed(outermost_members(idom, 0, set_of(8, {0, 4}))),
            (std::vector<NodeOrdinal>{0, 4}));
}

TEST(OutermostMembers, LongChainIsLinear) {
  // A 1M-node chain with every node a member: only the first one is outermost. A quadratic
  // walk would take minutes here.
  const size_t n = 1'000'000;
  PodArray<NodeOrdinal> idom(n);
  idom[0] = 0;
  for (NodeOrdinal i = 1; i < n; ++i) idom[i] = i - 1;
  BitSet all(n);
  for (NodeOrdinal i = 1; i < n; ++i) all.set(i);
  EXPECT_EQ(listed(outermost_members(idom, 0, all)), (std::vector<NodeOrdinal>{1}));
}

TEST(OutermostMembers, RandomTreesMatchBruteForce) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    const size_t n = 1 + rng() % 200;
    std::vector<NodeOrdinal> parents(n, 0);
    for (NodeOrdinal i = 1; i < n; ++i) parents[i] = rng() % i;
    const auto idom = idom_of(parents);
    BitSet members(n);
    for (NodeOrdinal i = 0; i < n; ++i) {
      if (rng() % 3 == 0) members.set(i);
    }
    std::vector<NodeOrdinal> expected;
    for (NodeOrdinal i = 0; i < n; ++i) {
      if (!members.test(i)) continue;
      bool covered = false;
      for (NodeOrdinal x = i; x != 0;) {
        x = parents[x];
        if (x != 0 && members.test(x)) covered = true;
      }
      if (!covered) expected.push_back(i);
    }
    EXPECT_EQ(listed(outermost_members(idom, 0, members)), expected) << "round " << round;
  }
}

}  // namespace
}  // namespace heapleak
