// Children lists of a dominator tree, worked out by hand from an idom array; per-class retained
// sizes walking them agree with the walk that builds its own and with a naive second algorithm.
#include "heapleak/analysis/dominator_children.h"

#include <gtest/gtest.h>

#include <vector>

#include "heapleak/analysis/class_retained_sizes.h"
#include "heapleak/analysis/heap_analysis.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

std::vector<NodeOrdinal> as_vector(std::span<const NodeOrdinal> s) { return {s.begin(), s.end()}; }

TEST(DominatorChildren, GroupsEachNodeUnderItsDominatorInOrdinalOrder) {
  // Root 2 holds 0 and 5; 0 holds 1 and 3; 1 holds 4.
  const std::vector<NodeOrdinal> idom{2, 0, 2, 0, 1, 2};
  const DominatorChildren tree = build_dominator_children(idom, 2);
  ASSERT_EQ(tree.first_child.size(), 7u);
  ASSERT_EQ(tree.children.size(), 5u);
  EXPECT_EQ(as_vector(tree.of(2)), (std::vector<NodeOrdinal>{0, 5}));
  EXPECT_EQ(as_vector(tree.of(0)), (std::vector<NodeOrdinal>{1, 3}));
  EXPECT_EQ(as_vector(tree.of(1)), (std::vector<NodeOrdinal>{4}));
  for (NodeOrdinal leaf : {3u, 4u, 5u}) EXPECT_TRUE(tree.of(leaf).empty()) << leaf;
}

TEST(DominatorChildren, SingleNodeHasNoChildren) {
  const std::vector<NodeOrdinal> idom{0};
  const DominatorChildren tree = build_dominator_children(idom, 0);
  EXPECT_TRUE(tree.of(0).empty());
  EXPECT_TRUE(build_dominator_children({}, 0).empty());
}

TEST(DominatorChildren, ClassRetainedSizesAreTheSameWithPrebuiltChildren) {
  for (const std::string& fixture : testing::real_fixtures()) {
    Snapshot s1 = testing::load_fixture(fixture);
    Snapshot s2 = testing::load_fixture(fixture);
    AnalysisOptions prebuilt;
    prebuilt.dominator_children = true;
    const HeapAnalysis with = HeapAnalysis::run(s1, prebuilt);
    const HeapAnalysis without = HeapAnalysis::run(s2);
    ASSERT_FALSE(with.dominator_children.empty());
    ASSERT_TRUE(without.dominator_children.empty());
    EXPECT_EQ(class_retained_sizes(s1, with), class_retained_sizes(s2, without)) << fixture;
  }
}

// The definition, node by node: a node adds its retained size to its row unless a node of the
// same row is among its dominators (walked up the idom chain).
std::vector<uint64_t> naive_class_retained_sizes(const Snapshot& s, const HeapAnalysis& a) {
  std::vector<uint64_t> sums(a.class_rows.size(), 0);
  for (NodeOrdinal node = 0; node < s.node_count(); ++node) {
    const uint32_t row = a.class_rows.row_of(node);
    if (row == kNoClassRow) continue;
    bool below_same_row = false;
    for (NodeOrdinal up = node; up != s.root() && !below_same_row;) {
      up = a.idom[up];
      below_same_row = a.class_rows.row_of(up) == row;
    }
    if (!below_same_row) sums[row] += a.retained_size[node];
  }
  return sums;
}

TEST(DominatorChildren, ClassRetainedSizesMatchTheNaiveDefinition) {
  for (const std::string& fixture : testing::real_fixtures()) {
    Snapshot s = testing::load_fixture(fixture);
    AnalysisOptions options;
    options.dominator_children = true;
    const HeapAnalysis a = HeapAnalysis::run(s, options);
    const std::vector<uint64_t> sums = class_retained_sizes(s, a);
    EXPECT_EQ(sums, naive_class_retained_sizes(s, a)) << fixture;
    uint64_t total = 0;
    for (const uint64_t sum : sums) total += sum;
    EXPECT_GT(total, 0u) << fixture;
  }
}

}  // namespace
}  // namespace heapleak
