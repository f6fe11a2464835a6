// Every worked case of reference section 5: each node's self size (after reassignment),
// retained size, distance, immediate dominator, class name and detachedness, typed in from the
// reference's tables (which were produced by DevTools itself and by an independent model).
#include "heapleak/analysis/heap_analysis.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "heapleak/snapshot/load.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

struct Expected {
  NodeId id;
  uint64_t self;
  uint64_t retained;
  int32_t distance;
  NodeId dominator;
  const char* class_name = nullptr;  // nullptr: not checked
  std::optional<uint8_t> detachedness = std::nullopt;
};

void expect_rows(const std::string& fixture, Snapshot s, const std::vector<Expected>& rows) {
  const HeapAnalysis a = HeapAnalysis::run(s);
  for (const Expected& row : rows) {
    const NodeOrdinal n = s.find_node(row.id);
    ASSERT_NE(n, kNoNode) << fixture << " id " << row.id;
    SCOPED_TRACE(fixture + " @" + std::to_string(row.id));
    EXPECT_EQ(s.node_self_size[n], row.self);
    EXPECT_EQ(a.retained_size[n], row.retained);
    EXPECT_EQ(a.distances.distance[n], row.distance);
    EXPECT_EQ(s.node_id[a.idom[n]], row.dominator);
    if (row.class_name) {
      EXPECT_EQ(a.classes.name(a.classes.class_of(n)), row.class_name);
    }
    if (row.detachedness) {
      EXPECT_EQ(a.detachedness.state(n), *row.detachedness);
    }
  }
}

// Every node of the fixture has a row.
void expect_table(const std::string& fixture, const std::vector<Expected>& rows) {
  Snapshot s = testing::load_fixture(fixture);
  ASSERT_EQ(rows.size(), s.node_count()) << fixture;
  expect_rows(fixture, std::move(s), rows);
}

constexpr int32_t kSys = kBaseSystemDistance;

TEST(HeapAnalysis, CaseAWithUserRoot) {
  expect_table("tiny/case1.heapsnapshot", {{1, 0, 482, kSys, 1, "(synthetic)", 0},
                                           {3, 0, 0, kSys + 1, 1, "(synthetic)", 0},
                                           {5, 0, 0, kSys + 2, 3, "(synthetic)", 0},
                                           {7, 40, 434, 1, 1, "Window / https://a.test", 0},
                                           {9, 32, 80, 2, 7, "App", 0},
                                           {11, 24, 24, 3, 9, "{a, b}", 0},
                                           {13, 24, 24, 3, 9, "{a, b}", 0},
                                           {15, 20, 20, 4, 7, "(string)", 0},
                                           {17, 36, 214, 2, 7, "Function", 0},
                                           {19, 28, 178, 3, 17, "system / Context", 0},
                                           {21, 80, 80, 2, 7, "Array", 0},
                                           {23, 0, 0, 3, 21, "(array)", 0},
                                           {25, 100, 150, 4, 19, "Detached HTMLDivElement", 2},
                                           {27, 50, 50, 5, 25, "Detached Text", 2},
                                           {29, 48, 48, kNoDistance, 1, "Cache", 0}});
}

// Self sizes past 32 bits: case A with the Array @21 at 2^32-6 bytes and its elements store
// @23 at 5e9 (above the 32-bit column, so in its side table). The store's size moves to the
// Array and leaves the side table (reassigned to 0); the sums stay exact. By hand from the
// table above: the Array holds 4294967290 + 5000000000 = 9294967290, and Window and the root
// gain that instead of the Array's 80.
TEST(HeapAnalysis, CaseASelfSizesBeyond32Bits) {
  std::string text = testing::read_file(testing::fixture_path("tiny/case1.heapsnapshot"));
  for (const auto& [from, to] : {std::pair{",3,10,21,16,1,", ",3,10,21,4294967290,1,"},
                                 std::pair{",1,1,23,64,1,", ",1,1,23,5000000000,1,"}}) {
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, std::string_view(from).size(), to);
  }
  auto loaded = load_snapshot(testing::write_temp("big.heapsnapshot", text));
  ASSERT_TRUE(loaded.ok()) << loaded.error().what();
  EXPECT_EQ(loaded->snapshot.node_self_size[10], 4294967290u);
  EXPECT_EQ(loaded->snapshot.node_self_size[11], 5000000000u);
  expect_rows("big", std::move(loaded->snapshot),
              {{1, 0, 9294967692, kSys, 1},
               {7, 40, 9294967644, 1, 1},
               {21, 9294967290, 9294967290, 2, 7},
               {23, 0, 0, 3, 21},
               {17, 36, 214, 2, 7},
               {29, 48, 48, kNoDistance, 1}});
}

TEST(HeapAnalysis, CaseAFieldLayoutsGiveTheSameAnswer) {
  // The 6-field, 5-field and permuted-field copies of case A describe the same graph; the
  // 5-field one has no detachedness field, so nothing is detached or renamed there.
  for (const char* f : {"tiny/case1_fields6.heapsnapshot", "tiny/case1_permuted.heapsnapshot"}) {
    expect_table(f, {{1, 0, 482, kSys, 1},
                     {7, 40, 434, 1, 1},
                     {21, 80, 80, 2, 7},
                     {23, 0, 0, 3, 21},
                     {25, 100, 150, 4, 19, "Detached HTMLDivElement", 2},
                     {27, 50, 50, 5, 25},
                     {29, 48, 48, kNoDistance, 1},
                     {3, 0, 0, kSys + 1, 1},
                     {5, 0, 0, kSys + 2, 3},
                     {9, 32, 80, 2, 7},
                     {11, 24, 24, 3, 9},
                     {13, 24, 24, 3, 9},
                     {15, 20, 20, 4, 7},
                     {17, 36, 214, 2, 7},
                     {19, 28, 178, 3, 17}});
  }
}

TEST(HeapAnalysis, CaseANoUserRootsSkipsReassignment) {
  expect_table("tiny/case1_nouser.heapsnapshot", {{1, 0, 482, 0, 1},
                                                  {3, 0, 434, 1, 1},
                                                  {5, 0, 0, 2, 3},
                                                  {7, 40, 334, 2, 3},
                                                  {9, 32, 80, 3, 3},
                                                  {11, 24, 24, 4, 9},
                                                  {13, 24, 24, 4, 9},
                                                  {15, 20, 20, 5, 3},
                                                  {17, 36, 214, 3, 7},
                                                  {19, 28, 178, 4, 17},
                                                  {21, 16, 80, 3, 7},
                                                  {23, 64, 64, 4, 21},
                                                  {25, 100, 150, 5, 19},
                                                  {27, 50, 50, 6, 25},
                                                  {29, 48, 48, kNoDistance, 1}});
}

TEST(HeapAnalysis, CaseCWeakMapEphemerons) {
  // The table side of the pair does not count for dominators (Key dominates Val), and Val's
  // distance waits for the second pair edge: max(table 3, key 2) + 1.
  expect_table("tiny/case3.heapsnapshot", {{1, 0, 244, kSys, 1},
                                           {3, 0, 0, kSys + 1, 1},
                                           {5, 40, 244, 1, 1},
                                           {7, 88, 88, 2, 5},
                                           {9, 0, 0, 3, 7},
                                           {11, 16, 116, 2, 5},
                                           {13, 100, 100, 4, 11}});
}

TEST(HeapAnalysis, CaseDDomStateAndTagClasses) {
  expect_table("tiny/case5.heapsnapshot", {{1, 0, 210, kSys, 1, "(synthetic)", 0},
                                           {3, 0, 0, kSys + 1, 1},
                                           {5, 0, 0, kSys + 2, 3},
                                           {7, 0, 210, 1, 1, "(synthetic)", 0},
                                           {9, 100, 210, 2, 7, "HTMLDocument", 1},
                                           {11, 50, 110, 3, 9, "<div>", 1},
                                           {13, 20, 50, 4, 11, "Wrapper", 0},
                                           {15, 30, 30, 5, 13, "Detached <span>", 2},
                                           {17, 10, 10, 4, 11, "Text", 1}});
}

TEST(HeapAnalysis, CaseEUnreachableStructures) {
  // C is reached from A, but A and B form a cycle nothing else reaches: all three get the
  // root as dominator and dominate nothing.
  expect_table("tiny/case4.heapsnapshot", {{1, 0, 280, 0, 1},
                                           {3, 0, 10, 1, 1},
                                           {5, 10, 10, 2, 3},
                                           {7, 20, 20, kNoDistance, 1},
                                           {9, 30, 30, 3, 1},
                                           {11, 40, 40, kNoDistance, 1},
                                           {13, 50, 50, kNoDistance, 1},
                                           {15, 60, 60, kNoDistance, 1},
                                           {17, 70, 70, kNoDistance, 1}});
  Snapshot s = testing::load_fixture("tiny/case4.heapsnapshot");
  const HeapAnalysis a = HeapAnalysis::run(s);
  EXPECT_EQ(a.orphan_nodes, 2u);       // O and S: "only weak retainers"
  EXPECT_EQ(a.unreachable_nodes, 3u);  // A, B, C: "Still found 3 unreachable nodes"
  EXPECT_EQ(a.total_size, 280u);
}

TEST(HeapAnalysis, RecordsPhaseTimingsInPipelineOrder) {
  Snapshot s = testing::load_fixture("tiny/case1.heapsnapshot");
  const HeapAnalysis a = HeapAnalysis::run(s);
  std::vector<std::string> phases;
  for (const auto& t : a.timings) phases.push_back(t.phase);
  EXPECT_EQ(phases, (std::vector<std::string>{"essential edges", "dominators", "page owned",
                                              "detachedness", "shallow sizes", "class names",
                                              "distances", "retained sizes", "class rows"}));

  AnalysisOptions with_children;
  with_children.dominator_children = true;
  const HeapAnalysis b = HeapAnalysis::run(s, with_children);
  phases.clear();
  for (const auto& t : b.timings) phases.push_back(t.phase);
  EXPECT_EQ(phases,
            (std::vector<std::string>{"essential edges", "dominators", "page owned", "detachedness",
                                      "shallow sizes", "class names", "distances", "retained sizes",
                                      "class rows", "dominator children"}));
}

// The side thread (shallow sizes, distances, class names beside the dominators) must not change
// a single number: the same fixture analysed on one thread gives the same columns.
TEST(HeapAnalysis, SideThreadGivesTheSameResultsAsOneThread) {
  for (const char* fixture :
       {"chromium/detached-dom.heapsnapshot.gz", "node/weakmap.heapsnapshot.gz"}) {
    Snapshot parallel_snapshot = testing::load_fixture(fixture);
    Snapshot serial_snapshot = testing::load_fixture(fixture);
    AnalysisOptions serial_options;
    serial_options.parallel = false;
    const HeapAnalysis parallel = HeapAnalysis::run(parallel_snapshot);
    const HeapAnalysis serial = HeapAnalysis::run(serial_snapshot, serial_options);
    const uint32_t n = serial_snapshot.node_count();
    ASSERT_GT(n, 1000u) << fixture;
    EXPECT_EQ(parallel.reassigned_nodes, serial.reassigned_nodes) << fixture;
    EXPECT_EQ(parallel.total_size, serial.total_size) << fixture;
    for (NodeOrdinal i = 0; i < n; ++i) {
      ASSERT_EQ(parallel_snapshot.node_self_size[i], serial_snapshot.node_self_size[i]) << i;
      ASSERT_EQ(parallel.retained_size[i], serial.retained_size[i]) << i;
      ASSERT_EQ(parallel.idom[i], serial.idom[i]) << i;
      ASSERT_EQ(parallel.distances.distance[i], serial.distances.distance[i]) << i;
      ASSERT_EQ(parallel.classes.class_of(i), serial.classes.class_of(i)) << i;
    }
  }
}

}  // namespace
}  // namespace heapleak
