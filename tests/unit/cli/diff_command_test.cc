// `heapleak diff` end to end on the scenario fixtures (fixtures/README.md, "Scenarios"): real
// Node and Chromium programs that leak a known class a known number of times, and their clean
// twins. Expected numbers come from the programs and from scripts/scenario_facts.py, never
// from heapleak's own output.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "support/test_files.h"

namespace heapleak {
namespace {

using namespace heapleak::testing;

std::string scenario(std::string_view name) {
  return fixture_path("scenarios/" + std::string(name) + ".heapsnapshot.zst");
}

CommandResult heapleak(const std::string& args) {
  return run_command(heapleak_binary() + " --quiet " + args);
}

// Parses the JSON report of a command that must succeed.
simdjson::dom::element run_json(simdjson::dom::parser& parser, const std::string& args) {
  const CommandResult r = heapleak(args + " --format json");
  EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
  static std::vector<std::string> keep;  // the parser's input must outlive the element
  keep.push_back(r.out);
  return parser.parse(keep.back());
}

std::string three(std::string_view run, std::string_view target = "s3",
                  std::string_view final_snapshot = "s4") {
  const std::string base(run);
  return "diff --baseline " + scenario(base + ".s1") + " --target " +
         scenario(base + "." + std::string(target)) + " --final " +
         scenario(base + "." + std::string(final_snapshot));
}

std::optional<simdjson::dom::element> class_row(simdjson::dom::element report,
                                                std::string_view name) {
  for (simdjson::dom::element row : report["classes"].get_array()) {
    if (std::string_view(row["class"]) == name) return row;
  }
  return std::nullopt;
}

uint64_t retained_sum_of_class(const std::string& snapshot, const std::string& cls) {
  // `heapleak nodes` is checked node by node against DevTools' own model (oracle test).
  const CommandResult r = heapleak("nodes " + snapshot + " --format csv --filter class=" + cls);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  uint64_t sum = 0;
  size_t line_start = r.out.find('\n') + 1;  // skip the header
  const size_t retained_column = 5;          // id,type,name,class,self_size,retained_size,...
  while (line_start < r.out.size()) {
    const size_t line_end = r.out.find('\n', line_start);
    std::string_view line(r.out.data() + line_start, line_end - line_start);
    for (size_t i = 0; i < retained_column; ++i) line.remove_prefix(line.find(',') + 1);
    sum += std::stoull(std::string(line.substr(0, line.find(','))));
    line_start = line_end + 1;
  }
  return sum;
}

TEST(DiffCommand, TwoSnapshotsCountTheLeakedInstances) {
  simdjson::dom::parser parser;
  const auto leak =
      run_json(parser, "diff " + scenario("cache-leak.s1") + " " + scenario("cache-leak.s4"));
  EXPECT_EQ(std::string_view(leak["mode"]), "two");
  EXPECT_EQ(int64_t(leak["schema_version"]), 1);
  const auto row = class_row(leak, "LeakedThing");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(uint64_t((*row)["new"]), 40u);  // 8 iterations x 5, planted
  EXPECT_EQ(uint64_t((*row)["deleted"]), 0u);
  EXPECT_EQ(int64_t((*row)["delta"]), 40);
  for (const char* field : {"key", "alloc_size", "freed_size", "size_delta", "new_retained_size"}) {
    EXPECT_FALSE((*row)[field].error()) << field;
  }
  simdjson::dom::parser clean_parser;
  const auto clean = run_json(
      clean_parser, "diff " + scenario("cache-clean.s1") + " " + scenario("cache-clean.s4"));
  EXPECT_FALSE(class_row(clean, "LeakedThing").has_value());
}

TEST(DiffCommand, ThreeSnapshotsReportThePlantedPathAsTopCluster) {
  simdjson::dom::parser parser;
  const auto report = run_json(parser, three("cache-leak"));
  EXPECT_EQ(std::string_view(report["mode"]), "three");
  const auto clusters = report["clusters"].get_array();
  ASSERT_GE(clusters.size(), 1u);
  const auto top = clusters.at(0);
  EXPECT_EQ(std::string_view(top["class"]), "LeakedThing");
  EXPECT_EQ(uint64_t(top["count"]), 40u);
  EXPECT_EQ(std::string_view(top["signature"]).size(), 16u);
  // global.someCache -> Map -(internal table)-> (array) -(internal n)-> LeakedThing
  const auto path = top["path"].get_array();
  ASSERT_EQ(path.size(), 4u);
  EXPECT_EQ(std::string_view(path.at(0)["class"]), "global");
  EXPECT_EQ(std::string_view(path.at(1)["edge"]), "someCache");
  EXPECT_EQ(std::string_view(path.at(1)["edge_type"]), "property");
  EXPECT_EQ(std::string_view(path.at(1)["class"]), "Map");
  EXPECT_EQ(std::string_view(path.at(2)["edge"]), "table");
  EXPECT_EQ(std::string_view(path.at(3)["class"]), "LeakedThing");
  // No LeakedThing holds another, so the cluster retains exactly their retained sizes' sum.
  EXPECT_EQ(uint64_t(top["retained_size"]),
            retained_sum_of_class(scenario("cache-leak.s4"), "LeakedThing"));
}

TEST(DiffCommand, CleanTwinHasNothingAboveASmallFloor) {
  for (const char* run : {"cache-clean"}) {
    const CommandResult r = heapleak(three(run) + " --format json --min-retained 1024");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    simdjson::dom::parser parser;
    const auto report = parser.parse(r.out);
    EXPECT_EQ(report["clusters"].get_array().size(), 0u) << run << "\n" << r.out;
  }
  const CommandResult gate = heapleak(three("cache-clean") + " --fail-on-leaks");
  EXPECT_EQ(gate.exit_code, 0);
  const CommandResult leak_gate = heapleak(three("cache-leak") + " --fail-on-leaks");
  EXPECT_EQ(leak_gate.exit_code, 1);
}

TEST(DiffCommand, SignatureIsStableAcrossTwoProcesses) {
  simdjson::dom::parser first_parser, second_parser;
  const auto first = run_json(first_parser, three("cache-leak"));
  const auto second = run_json(second_parser, three("cache-leak-run2"));
  const auto a = first["clusters"].get_array().at(0);
  const auto b = second["clusters"].get_array().at(0);
  EXPECT_EQ(std::string_view(a["class"]), "LeakedThing");
  EXPECT_EQ(std::string_view(b["class"]), "LeakedThing");
  EXPECT_EQ(std::string_view(a["signature"]), std::string_view(b["signature"]));
  // The two runs' objects have different ids: the signature does not depend on them.
  EXPECT_NE(uint64_t(a["sample_ids"].get_array().at(0)) + 0,
            uint64_t(b["sample_ids"].get_array().at(0)) + 1);
}

TEST(DiffCommand, DetachedDomTreesInChromium) {
  simdjson::dom::parser parser;
  const auto leak = run_json(parser, three("dom-detached-leak", "s2", "s3"));
  const auto top = leak["clusters"].get_array().at(0);
  EXPECT_EQ(std::string_view(top["class"]), "Detached <div>");
  EXPECT_EQ(uint64_t(top["count"]), 8u);  // 8 cards kept in window.closedCards
  const auto path = top["path"].get_array();
  EXPECT_EQ(std::string_view(path.at(1)["edge"]), "closedCards");
  simdjson::dom::parser clean_parser;
  const auto clean = run_json(clean_parser, three("dom-detached-clean", "s2", "s3"));
  EXPECT_EQ(clean["clusters"].get_array().size(), 0u);
}

TEST(DiffCommand, SeriesFollowsClassesAndTheGrowingMap) {
  simdjson::dom::parser parser;
  const auto report =
      run_json(parser, "diff " + scenario("cache-leak.s1") + " " + scenario("cache-leak.s2") + " " +
                           scenario("cache-leak.s3"));
  EXPECT_EQ(std::string_view(report["mode"]), "series");
  bool saw_class = false, saw_map = false;
  for (auto c : report["series"]["classes"].get_array()) {
    if (std::string_view(c["class"]) != "LeakedThing") continue;
    saw_class = true;
    EXPECT_EQ(std::string_view(c["trend"]), "growing");
    std::vector<uint64_t> counts;
    for (auto v : c["counts"].get_array()) counts.push_back(uint64_t(v));
    EXPECT_EQ(counts, (std::vector<uint64_t>{0, 20, 40}));  // 4 iterations x 5 per step
    EXPECT_EQ(int64_t(c["count_stats"]["constant_step"]), 20);
  }
  for (auto c : report["series"]["collections"].get_array()) {
    if (std::string_view(c["class"]) != "Map") continue;
    std::vector<uint64_t> entries;
    for (auto v : c["entries"].get_array()) entries.push_back(uint64_t(v));
    if (entries == std::vector<uint64_t>{0, 20, 40}) {
      saw_map = true;  // globalThis.someCache
      EXPECT_EQ(std::string_view(c["trend"]), "growing");
    }
  }
  EXPECT_TRUE(saw_class);
  EXPECT_TRUE(saw_map);

  simdjson::dom::parser clean_parser;
  const auto clean =
      run_json(clean_parser, "diff " + scenario("cache-clean.s1") + " " +
                                 scenario("cache-clean.s2") + " " + scenario("cache-clean.s3"));
  for (auto c : clean["series"]["classes"].get_array()) {
    EXPECT_NE(std::string_view(c["class"]), "LeakedThing");
  }
}

TEST(DiffCommand, DifferentProcessesAreRefusedAndByClassWorks) {
  const std::string a = fixture_path("node/plain.heapsnapshot.gz");
  const std::string b = fixture_path("node/weakmap.heapsnapshot.gz");
  const CommandResult refused = heapleak("diff " + a + " " + b);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("different processes"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--by-class"), std::string::npos);
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << "one line";

  simdjson::dom::parser parser;
  const auto by_class = run_json(parser, "diff --by-class " + a + " " + b);
  EXPECT_EQ(std::string_view(by_class["mode"]), "by-class");
  // weakmap = plain + 500 Payload objects (fixtures/README.md).
  bool saw_payload = false;
  for (auto row : by_class["classes"].get_array()) {
    if (std::string_view(row["class"]) != "Payload") continue;
    saw_payload = true;
    EXPECT_EQ(uint64_t(row["before_count"]), 0u);
    EXPECT_EQ(uint64_t(row["after_count"]), 500u);
  }
  EXPECT_TRUE(saw_payload);
}

TEST(DiffCommand, UsageErrors) {
  const std::string a = scenario("cache-leak.s1");
  EXPECT_EQ(heapleak("diff " + a).exit_code, 2);
  EXPECT_EQ(heapleak("diff --baseline " + a + " --final " + a).exit_code, 2);
  EXPECT_EQ(heapleak("diff --by-class " + a + " " + a + " " + a).exit_code, 2);
  const CommandResult missing = heapleak("diff " + a + " /nonexistent.heapsnapshot");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent.heapsnapshot"), std::string::npos);
}

}  // namespace
}  // namespace heapleak
