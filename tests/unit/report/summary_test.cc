// Summary aggregates of test cases A and B, worked out by hand from the reference's node tables
// (5.1, 5.3): DevTools' reassigned self sizes, per-class retained sizes without double counting.
#include "heapleak/report/summary.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "support/test_files.h"

namespace heapleak {
namespace {

SummaryReport summary_of(const std::string& name, size_t top = 20) {
  auto r = load_snapshot(testing::fixture_path(name));
  EXPECT_TRUE(r.ok()) << r.error().what();
  AnalysisOptions options;
  options.record_parent_edges = true;
  const HeapAnalysis analysis = HeapAnalysis::run(r.value().snapshot, options);
  return build_summary(r.value(), analysis, top);
}

TEST(Summary, CaseATotalsAndTypes) {
  const SummaryReport r = summary_of("tiny/case1.heapsnapshot");
  EXPECT_EQ(r.node_count, 15u);
  EXPECT_EQ(r.edge_count, 22u);
  EXPECT_EQ(r.string_count, 25u);
  EXPECT_EQ(r.total_self_size, 482u);  // reassignment moves sizes, never changes the total
  EXPECT_EQ(r.total_size, 482u);       // DevTools' total size (reference 5.1)
  EXPECT_EQ(r.reassigned_nodes, 1u);   // the Array's elements store
  EXPECT_EQ(r.orphan_nodes, 1u);       // Cache: weak retainer only
  EXPECT_EQ(r.unreachable_nodes, 0u);
  EXPECT_EQ(r.unreachable_size, 48u);   // Cache has distance -5
  EXPECT_EQ(r.detached_dom_nodes, 2u);  // the div and its Text
  EXPECT_EQ(r.interface_count, 1u);     // {a, b}
  std::map<std::string, std::pair<uint64_t, uint64_t>> types;
  for (const auto& t : r.types) types[t.type] = {t.count, t.self_size};
  // 40+32+24+24+28+(16+64)+48: the store's 64 bytes moved to its Array (reference 2.7)
  EXPECT_EQ(types["object"], std::make_pair(uint64_t{7}, uint64_t{276}));
  EXPECT_EQ(types["native"], std::make_pair(uint64_t{2}, uint64_t{150}));
  EXPECT_EQ(types["synthetic"], std::make_pair(uint64_t{3}, uint64_t{0}));
  EXPECT_EQ(types["array"], std::make_pair(uint64_t{1}, uint64_t{0}));
  EXPECT_EQ(types["string"], std::make_pair(uint64_t{1}, uint64_t{20}));
  EXPECT_EQ(types["closure"], std::make_pair(uint64_t{1}, uint64_t{36}));
  EXPECT_EQ(r.types.front().type, "object");  // largest self size first
}

TEST(Summary, CaseAClassRowsSkipZeroSizeNodes) {
  const SummaryReport r = summary_of("tiny/case1.heapsnapshot");
  ASSERT_FALSE(r.top_by_count.empty());
  EXPECT_EQ(r.top_by_count.front().name, "{a, b}");
  EXPECT_EQ(r.top_by_count.front().count, 2u);
  EXPECT_EQ(r.top_by_count.front().self_size, 48u);
  EXPECT_EQ(r.top_by_self_size.front().name, "Detached HTMLDivElement");
  EXPECT_EQ(r.top_by_self_size.front().self_size, 100u);
  for (const auto& row : r.top_by_count) {
    EXPECT_NE(row.name, "(synthetic)");  // self size 0
    EXPECT_NE(row.name, "(array)");      // its size went to the Array
  }
  EXPECT_EQ(r.top_by_count.size(), 10u);  // 11 nodes with self > 0, two share {a, b}
}

// Reference 5.3, "Summary of the current snapshot": count, distance, self, maxRet per class.
TEST(Summary, CaseBClassRowsMatchDevTools) {
  const SummaryReport r = summary_of("tiny/case2.heapsnapshot", 100);
  std::map<std::string, std::tuple<uint64_t, int64_t, uint64_t, uint64_t>> rows;
  for (const auto& row : r.top_by_count) {
    rows[row.name] = {row.count, row.distance, row.self_size, row.retained_size};
  }
  using Row = std::tuple<uint64_t, int64_t, uint64_t, uint64_t>;
  EXPECT_EQ(rows["Window / https://a.test"], Row(1, 1, 40, 486));
  EXPECT_EQ(rows["App"], Row(2, 2, 64, 132));
  EXPECT_EQ(rows["{a, b}"], Row(2, 3, 48, 48));
  EXPECT_EQ(rows["(string)"], Row(2, 3, 40, 40));
  EXPECT_EQ(rows["Function"], Row(1, 2, 36, 214));
  EXPECT_EQ(rows["system / Context"], Row(1, 3, 28, 178));
  EXPECT_EQ(rows["Array"], Row(1, 2, 80, 80));
  EXPECT_EQ(rows["Detached HTMLDivElement"], Row(1, 4, 100, 150));
  EXPECT_EQ(rows["Detached Text"], Row(1, 5, 50, 50));
  EXPECT_EQ(rows.size(), 9u);
}

TEST(Summary, TopDominatorsCarryTheirRetainerPath) {
  const SummaryReport r = summary_of("tiny/case1.heapsnapshot", 3);
  ASSERT_EQ(r.top_dominators.size(), 3u);
  EXPECT_EQ(r.top_dominators[0].node.id, 7u);   // Window, 434
  EXPECT_EQ(r.top_dominators[1].node.id, 17u);  // onClick, 214
  EXPECT_EQ(r.top_dominators[2].node.id, 19u);  // its Context, 178
  const auto& path = r.top_dominators[2].path;
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(path[0].node.id, 7u);
  EXPECT_EQ(path[1].edge, "onClick");
  EXPECT_EQ(path[2].edge_type, "internal");
  EXPECT_EQ(path_one_line(path),
            "Window / https://a.test.onClick -> Function (internal context) -> system / Context");
}

TEST(Summary, TopLimitsRows) {
  const SummaryReport r = summary_of("tiny/case1.heapsnapshot", 3);
  EXPECT_EQ(r.top_by_count.size(), 3u);
  EXPECT_EQ(r.top_by_self_size.size(), 3u);
}

TEST(Summary, JsonHasTheVersionedTopLevelFields) {
  const std::string json = render_summary_json(summary_of("tiny/case1.heapsnapshot"));
  const std::string path = testing::write_temp("summary.json", json);
  const auto check = testing::run_command(
      testing::python() + " -c \"import json,sys; d=json.load(open('" + path +
      "')); print(d['schema_version'], d['node_count'], d['edge_count'], d['total_size'], "
      "d['detached_dom_nodes'], d['top_classes_by_count'][0]['class'], "
      "d['top_classes_by_retained_size'][0]['retained_size'], "
      "[s['edge'] for s in d['top_dominators'][1]['path']])\"");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.out, "3 15 22 482 2 {a, b} 434 [None, 'onClick']\n");
}

TEST(Summary, TextNamesTheProducerAndTotals) {
  const std::string text = render_summary_text(summary_of("node/plain.heapsnapshot.gz"), false);
  EXPECT_NE(text.find("producer     node"), std::string::npos);
  EXPECT_NE(text.find("nodes        42,860"), std::string::npos);
  EXPECT_EQ(text.find("\x1b["), std::string::npos);  // no colour when asked for none
}

}  // namespace
}  // namespace heapleak
