// Retainer paths on case A (reference 5.1): Object@13 is held by App.b, by Object@11.b and by
// onClick's shortcut bound_this; the BFS reaches it first through Window.app -> App.b.
#include "heapleak/analysis/retainer_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/snapshot/load.h"
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

// What ShownPaths must give: the whole shortest path with the steps shown_path_gap() leaves out
// taken out of its edges and counted in `omitted`.
RetainerPath cut_as_shown(const RetainerPath& whole, size_t max_steps) {
  const PathGap gap = shown_path_gap(whole.edges.size() + 1, max_steps);
  if (gap.head == gap.tail_from) return whole;
  RetainerPath cut{whole.start, {}, gap.tail_from - gap.head};
  cut.edges.assign(whole.edges.begin(), whole.edges.begin() + (gap.head - 1));
  cut.edges.insert(cut.edges.end(), whole.edges.begin() + (gap.tail_from - 1), whole.edges.end());
  return cut;
}

// Asks for every node's path, in the given order, and compares it with the whole path cut.
void expect_shown_paths_cut_whole_ones(const Snapshot& s, const Distances& distances,
                                       std::vector<NodeOrdinal> order, size_t max_steps,
                                       const std::string& what) {
  ShownPaths shown(s, distances, max_steps);
  for (const NodeOrdinal node : order) {
    const auto whole = shortest_retainer_path(s, distances, node);
    const auto path = shown.of(node);
    ASSERT_EQ(path.has_value(), whole.has_value()) << what << " node " << node;
    if (!whole) continue;
    const RetainerPath expected = cut_as_shown(*whole, max_steps);
    ASSERT_EQ(path->start, expected.start) << what << " node " << node;
    ASSERT_EQ(path->edges, expected.edges) << what << " node " << node;
    ASSERT_EQ(path->omitted, expected.omitted) << what << " node " << node;
  }
}

// The root holds a list `depth` long (next), and every list node also holds a leaf.
std::string deep_list_snapshot(uint32_t depth) {
  constexpr uint32_t kNodeFields = 7;
  std::string nodes = "9,0,1,0,1,0,0";  // the synthetic root: an element edge to the list
  std::string edges = "1,0," + std::to_string(kNodeFields);
  for (uint32_t i = 0; i < depth; ++i) {
    const uint32_t list_node = 1 + 2 * i;
    const bool last = i + 1 == depth;
    nodes += ",3,1," + std::to_string(2 * list_node + 1) + ",16," + (last ? "1" : "2") + ",0,0";
    nodes += ",3,2," + std::to_string(2 * list_node + 3) + ",8,0,0,0";
    edges += ",2,3," + std::to_string((list_node + 1) * kNodeFields);             // .leaf
    if (!last) edges += ",2,4," + std::to_string((list_node + 2) * kNodeFields);  // .next
  }
  return R"({"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"]},"node_count":)" +
         std::to_string(1 + 2 * depth) + R"(,"edge_count":)" + std::to_string(2 * depth) +
         R"(},"nodes":[)" + nodes + R"(],"edges":[)" + edges +
         R"(],"strings":["","Node","Leaf","leaf","next"]})";
}

TEST(ShownPaths, CutTheWholePathsOfADeepListInAnyOrder) {
  auto loaded =
      load_snapshot(testing::write_temp("deep-list.heapsnapshot", deep_list_snapshot(700)));
  ASSERT_TRUE(loaded.ok()) << loaded.error().what();
  Snapshot& s = loaded->snapshot;
  AnalysisOptions options;
  options.record_parent_edges = true;
  const HeapAnalysis a = HeapAnalysis::run(s, options);
  std::vector<NodeOrdinal> order(s.node_count());
  for (NodeOrdinal i = 0; i < order.size(); ++i) order[i] = i;
  // Deepest first and shallowest first meet the marks from below and from above; a shuffle,
  // both at once.
  std::vector<NodeOrdinal> reversed(order.rbegin(), order.rend());
  std::vector<NodeOrdinal> shuffled = order;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(17));
  for (const size_t max_steps : {size_t{2}, size_t{9}, kShownPathSteps, size_t{200}, SIZE_MAX}) {
    const std::string what = "max_steps " + std::to_string(max_steps);
    expect_shown_paths_cut_whole_ones(s, a.distances, order, max_steps, what + ", in order");
    expect_shown_paths_cut_whole_ones(s, a.distances, reversed, max_steps, what + ", reversed");
    expect_shown_paths_cut_whole_ones(s, a.distances, shuffled, max_steps, what + ", shuffled");
  }
  // The deepest leaf: 700 edges from the list's head (a user root: the root's child that is not
  // synthetic), 699 nexts and a leaf, of which a list shows 7 and 24.
  const RetainerPath deepest = *ShownPaths(s, a.distances).of(s.node_count() - 1);
  EXPECT_EQ(deepest.edges.size(), kShownPathSteps - 1);
  EXPECT_EQ(deepest.start, NodeOrdinal{1});
  EXPECT_EQ(deepest.omitted, 700u + 1 - kShownPathSteps);
}

TEST(ShownPaths, CutTheWholePathsOfRealSnapshots) {
  for (const char* fixture : {"node/plain.heapsnapshot.gz", "node/weakmap.heapsnapshot.gz",
                              "chromium/detached-dom.heapsnapshot.gz"}) {
    Snapshot s = testing::load_fixture(fixture);
    AnalysisOptions options;
    options.record_parent_edges = true;
    const HeapAnalysis a = HeapAnalysis::run(s, options);
    std::vector<NodeOrdinal> order(s.node_count());
    for (NodeOrdinal i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937(5));
    for (const size_t max_steps : {size_t{9}, size_t{12}}) {
      expect_shown_paths_cut_whole_ones(
          s, a.distances, order, max_steps,
          std::string(fixture) + " max_steps " + std::to_string(max_steps));
    }
  }
}

}  // namespace
}  // namespace heapleak
