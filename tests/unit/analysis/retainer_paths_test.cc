// Retainer paths on case A (reference 5.1): Object@13 is held by App.b, by Object@11.b and by
// onClick's shortcut bound_this; the BFS reaches it first through Window.app -> App.b.
#include "heapleak/analysis/retainer_paths.h"

#include <gtest/gtest.h>

#include "heapleak/analysis/heap_analysis.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

std::vector<NodeId> ids_along(const Snapshot& s, const RetainerPath& p) {
  std::vector<NodeId> ids{s.node_id[p.start]};
  for (const EdgeIndex e : p.edges) ids.push_back(s.node_id[s.edge_to(e)]);
  return ids;
}

class CaseAPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = testing::load_fixture("tiny/case1.heapsnapshot");
    AnalysisOptions options;
    options.record_parent_edges = true;
    a_ = HeapAnalysis::run(s_, options);
  }
  Snapshot s_;
  HeapAnalysis a_;
};

TEST_F(CaseAPaths, ShortestPathStartsAtTheUserRoot) {
  const auto path = shortest_retainer_path(s_, a_.distances, s_.find_node(13));
  ASSERT_TRUE(path);
  EXPECT_EQ(ids_along(s_, *path), (std::vector<NodeId>{7, 9, 13}));
  EXPECT_EQ(s_.edge_name_text(path->edges[0]), "app");
  EXPECT_EQ(s_.edge_name_text(path->edges[1]), "b");
}

TEST_F(CaseAPaths, AlternativesGoThroughOtherRetainersNearestFirst) {
  const auto paths = retainer_paths(s_, a_.distances, s_.find_node(13), 10);
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(ids_along(s_, paths[0]), (std::vector<NodeId>{7, 9, 13}));
  EXPECT_EQ(ids_along(s_, paths[1]), (std::vector<NodeId>{7, 17, 13}));  // onClick, distance 2
  EXPECT_EQ(s_.edge_name_text(paths[1].edges.back()), "bound_this");
  EXPECT_EQ(ids_along(s_, paths[2]), (std::vector<NodeId>{7, 9, 11, 13}));  // Object@11.b
  EXPECT_EQ(retainer_paths(s_, a_.distances, s_.find_node(13), 2).size(), 2u);
}

TEST_F(CaseAPaths, WeaklyHeldObjectHasNoPath) {
  EXPECT_FALSE(shortest_retainer_path(s_, a_.distances, s_.find_node(29)));
  EXPECT_TRUE(retainer_paths(s_, a_.distances, s_.find_node(29), 5).empty());
}

TEST_F(CaseAPaths, SystemOnlyObjectsStartAtTheSnapshotRoot) {
  const auto path = shortest_retainer_path(s_, a_.distances, s_.find_node(5));
  ASSERT_TRUE(path);
  EXPECT_EQ(ids_along(s_, *path), (std::vector<NodeId>{1, 3, 5}));
}

TEST(RetainerPaths, WeakMapValueGoesThroughThePairEdgeMetSecond) {
  Snapshot s = testing::load_fixture("tiny/case3.heapsnapshot");
  AnalysisOptions options;
  options.record_parent_edges = true;
  const HeapAnalysis a = HeapAnalysis::run(s, options);
  const auto path = shortest_retainer_path(s, a.distances, s.find_node(13));
  ASSERT_TRUE(path);
  // Key (distance 2) is met first and waits; the table (distance 3) carries the path.
  EXPECT_EQ(ids_along(s, *path), (std::vector<NodeId>{5, 7, 9, 13}));
}

}  // namespace
}  // namespace heapleak
