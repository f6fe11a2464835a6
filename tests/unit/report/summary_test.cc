// Summary aggregates of test case A, computed by hand from the reference's node table (5.1).
#include "heapleak/report/summary.h"

#include <gtest/gtest.h>

#include "support/test_files.h"

namespace heapleak {
namespace {

SummaryReport summary_of(const std::string& name, size_t top = 20) {
  auto r = load_snapshot(testing::fixture_path(name));
  EXPECT_TRUE(r.ok()) << r.error().what();
  return build_summary(r.value(), top);
}

TEST(Summary, CaseATotalsAndTypes) {
  const SummaryReport r = summary_of("tiny/case1.heapsnapshot");
  EXPECT_EQ(r.node_count, 15u);
  EXPECT_EQ(r.edge_count, 22u);
  EXPECT_EQ(r.string_count, 25u);
  EXPECT_EQ(r.total_self_size, 482u);   // = DevTools' total size (reference 5.1)
  EXPECT_EQ(r.detached_dom_nodes, 2u);  // the div and its Text
  EXPECT_EQ(r.interface_count, 1u);     // {a, b}
  std::map<std::string, std::pair<uint64_t, uint64_t>> types;
  for (const auto& t : r.types) types[t.type] = {t.count, t.self_size};
  EXPECT_EQ(types["object"], std::make_pair(uint64_t{7}, uint64_t{212}));  // 40+32+24+24+28+16+48
  EXPECT_EQ(types["native"], std::make_pair(uint64_t{2}, uint64_t{150}));
  EXPECT_EQ(types["synthetic"], std::make_pair(uint64_t{3}, uint64_t{0}));
  EXPECT_EQ(types["array"], std::make_pair(uint64_t{1}, uint64_t{64}));
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
  for (const auto& row : r.top_by_count) EXPECT_NE(row.name, "(synthetic)");  // self size 0
  EXPECT_EQ(r.top_by_count.size(), 11u);  // 12 nodes with self > 0, two share {a, b}
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
      "')); print(d['schema_version'], d['node_count'], d['edge_count'], d['total_self_size'], "
      "d['detached_dom_nodes'], d['top_classes_by_count'][0]['class'])\"");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.out, "1 15 22 482 2 {a, b}\n");
}

TEST(Summary, TextNamesTheProducerAndTotals) {
  const std::string text = render_summary_text(summary_of("node/plain.heapsnapshot.gz"), false);
  EXPECT_NE(text.find("producer     node"), std::string::npos);
  EXPECT_NE(text.find("nodes        42,860"), std::string::npos);
  EXPECT_EQ(text.find("\x1b["), std::string::npos);  // no colour when asked for none
}

}  // namespace
}  // namespace heapleak
