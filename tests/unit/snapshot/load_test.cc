// Exact column values of the reference's test case A (section 5.1), read by hand from the
// file, and the same graph in every node layout V8 has used.
#include "heapleak/snapshot/load.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <vector>

#include "support/test_files.h"

namespace heapleak {
namespace {

using testing::fixture_path;

LoadedSnapshot load_ok(const std::string& path) {
  auto r = load_snapshot(path);
  if (!r.ok()) ADD_FAILURE() << r.error().what();
  return std::move(r).value();
}

// Case A, by ordinal: id, self size, edge count, type name, name.
struct ExpectedNode {
  NodeId id;
  uint64_t self;
  uint32_t edges;
  const char* type;
  const char* name;
};
const std::vector<ExpectedNode> kCaseA = {
    {1, 0, 2, "synthetic", ""},
    {3, 0, 1, "synthetic", "(GC roots)"},
    {5, 0, 1, "synthetic", "(Global handles)"},
    {7, 40, 3, "object", "Window / https://a.test"},
    {9, 32, 4, "object", "App"},
    {11, 24, 2, "object", "Object"},
    {13, 24, 2, "object", "Object"},
    {15, 20, 0, "string", "hello"},
    {17, 36, 2, "closure", "onClick"},
    {19, 28, 2, "object", "system / Context"},
    {21, 16, 1, "object", "Array"},
    {23, 64, 1, "array", ""},
    {25, 100, 1, "native", "HTMLDivElement"},
    {27, 50, 0, "native", "Text"},
    {29, 48, 0, "object", "Cache"},
};

void expect_case_a(const Snapshot& s, bool has_detachedness) {
  ASSERT_EQ(s.node_count(), kCaseA.size());
  ASSERT_EQ(s.edge_count(), 22u);
  EXPECT_EQ(s.strings.size(), 25u);
  EXPECT_EQ(s.root(), 0u);
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(s.node_id[i], kCaseA[i].id);
    EXPECT_EQ(s.node_self_size[i], kCaseA[i].self);
    EXPECT_EQ(s.first_edge[i + 1] - s.first_edge[i], kCaseA[i].edges);
    EXPECT_EQ(s.node_type_name(i), kCaseA[i].type);
    EXPECT_EQ(s.node_name_text(i), kCaseA[i].name);
  }
  EXPECT_EQ(s.first_edge[0], 0u);
  EXPECT_EQ(s.first_edge[s.node_count()], 22u);
  // Root: element 1 -> (GC roots), shortcut "window" -> Window.
  EXPECT_EQ(s.edge_type_name(0), "element");
  EXPECT_EQ(s.edge_name_text(0), "1");
  EXPECT_EQ(s.edge_to(0), 1u);
  EXPECT_EQ(s.edge_type_name(1), "shortcut");
  EXPECT_EQ(s.edge_name_text(1), "window");
  EXPECT_EQ(s.edge_to(1), 3u);
  // App's edges: .a -> Object#11, .b -> Object#13, .self -> App, weak cache -> Cache.
  const EdgeIndex app = s.first_edge[4];
  EXPECT_EQ(s.edge_name_text(app), "a");
  EXPECT_EQ(s.edge_to(app), 5u);
  EXPECT_EQ(s.edge_to(app + 2), 4u);
  EXPECT_EQ(s.edge_type_name(app + 3), "weak");
  EXPECT_EQ(s.edge_to(app + 3), 14u);
  // The last edge: div -> Text, element 1.
  EXPECT_EQ(s.edge_type_name(21), "element");
  EXPECT_EQ(s.edge_name_or_index[21], 1u);
  EXPECT_EQ(s.edge_to(21), 13u);
  EXPECT_EQ(s.meta.has_detachedness, has_detachedness);
  EXPECT_EQ(s.detachedness(12), has_detachedness ? 2 : 0);
  EXPECT_EQ(s.detachedness(13), 0);
}

TEST(Load, CaseAExactColumns) {
  const auto loaded = load_ok(fixture_path("tiny/case1.heapsnapshot"));
  expect_case_a(loaded.snapshot, true);
  EXPECT_EQ(loaded.snapshot.meta.node_fields.size(), 7u);
  EXPECT_TRUE(loaded.snapshot.node_trace_id.empty());  // trace_function_count is 0
  EXPECT_EQ(loaded.info.compression, Compression::kNone);
}

TEST(Load, SixFieldLayoutWithoutTraceNodeId) {
  expect_case_a(load_ok(fixture_path("tiny/case1_fields6.heapsnapshot")).snapshot, true);
}

TEST(Load, FiveFieldLayoutWithoutDetachedness) {
  expect_case_a(load_ok(fixture_path("tiny/case1_fields5.heapsnapshot")).snapshot, false);
}

TEST(Load, PermutedFieldsAndUnknownFieldAreReadByName) {
  const auto loaded = load_ok(fixture_path("tiny/case1_permuted.heapsnapshot"));
  expect_case_a(loaded.snapshot, true);
  EXPECT_EQ(loaded.snapshot.meta.node_fields[2], "future_field");
}

TEST(Load, LocationsMapFlatIndexToOrdinalAndLastRowWins) {
  std::string text = testing::read_file(fixture_path("tiny/case1.heapsnapshot"));
  // onClick (ordinal 8, flat 56) and App (ordinal 4, flat 28); App listed twice.
  const std::string from = "\"locations\":[]";
  text.replace(text.find(from), from.size(), "\"locations\":[56,3,10,4,28,3,1,2,28,3,5,6]");
  const auto loaded = load_ok(testing::write_temp("locations.heapsnapshot", text));
  const Snapshot& s = loaded.snapshot;
  ASSERT_EQ(s.locations.size(), 2u);
  const Location* app = s.location_of(4);
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->script_id, 3u);
  EXPECT_EQ(app->line, 5u);
  EXPECT_EQ(app->column, 6u);
  const Location* click = s.location_of(8);
  ASSERT_NE(click, nullptr);
  EXPECT_EQ(click->line, 10u);
  EXPECT_EQ(s.location_of(5), nullptr);
}

TEST(Load, SingleThreadAndManyThreadsAgree) {
  for (unsigned threads : {1u, 2u, 8u}) {
    LoadOptions options;
    options.threads = threads;
    auto r = load_snapshot(fixture_path("node/plain.heapsnapshot.gz"), options);
    ASSERT_TRUE(r.ok()) << r.error().what();
    EXPECT_EQ(r->snapshot.node_count(), 42860u);
  }
}

// A snapshot of several 4 MB chunks per array, in V8's layout ("\n," between rows).
std::string many_chunk_snapshot(uint32_t nodes) {
  std::string text =
      R"({"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count",)"
      R"("trace_node_id","detachedness"],"node_types":[["hidden","array","string","object",)"
      R"("code","closure","regexp","number","native","synthetic"],"string","number","number",)"
      R"("number","number","number"],"edge_fields":["type","name_or_index","to_node"],)"
      R"("edge_types":[["context","element","property","internal","hidden","shortcut","weak"],)"
      R"("string_or_number","node"],"location_fields":["object_index","script_id","line",)"
      R"("column"]},"node_count":)" +
      std::to_string(nodes) + R"(,"edge_count":)" + std::to_string(2 * uint64_t{nodes}) +
      "},\n\"nodes\":[";
  for (uint32_t i = 0; i < nodes; ++i) {
    if (i > 0) text += "\n,";
    text += fmt::format("{},{},{},{},2,0,{}", i == 0 ? 9 : 3, 1 + i % 4, 2 * uint64_t{i} + 1,
                        i * 37 % 1000, i % 3);
  }
  text += "],\n\"edges\":[";
  for (uint32_t i = 0; i < nodes; ++i) {
    text += fmt::format("{}2,{},{}\n,1,{},{}", i > 0 ? "\n," : "", 1 + i % 4,
                        7 * (uint64_t{i} + 1) % nodes * 7, i, 7 * (uint64_t{i} * 7919 % nodes));
  }
  text += "],\n\"locations\":[";
  for (uint32_t i = 0; i < nodes; i += 3) {
    text +=
        fmt::format("{}{},{},{},{}", i > 0 ? "," : "", 7 * uint64_t{i}, i % 5, i % 1000, i % 80);
  }
  return text + "],\n\"strings\":[\"<dummy>\",\"a\",\"b\",\"c\",\"d\"]}\n";
}

// In place in the mapped file, or copied out of it (as compressed input is): the same columns.
TEST(Load, ManyChunksLoadTheSameInPlaceAndCopied) {
  constexpr uint32_t kNodes = 400000;
  const std::string text = many_chunk_snapshot(kNodes);
  ASSERT_GT(text.find("\"edges\":[") - text.find("\"nodes\":["), 8u << 20);
  const std::string path = testing::write_temp("many-chunks.heapsnapshot", text);
  LoadOptions copied;
  copied.read_in_place = false;
  auto a = load_snapshot(path);
  auto b = load_snapshot(path, copied);
  ASSERT_TRUE(a.ok()) << a.error().what();
  ASSERT_TRUE(b.ok()) << b.error().what();
  const Snapshot& x = a->snapshot;
  const Snapshot& y = b->snapshot;
  ASSERT_EQ(x.node_count(), kNodes);
  ASSERT_EQ(y.node_count(), kNodes);
  ASSERT_EQ(x.edge_count(), 2 * kNodes);
  for (NodeOrdinal i = 0; i < kNodes; ++i) {
    ASSERT_EQ(x.node_type[i], i == 0 ? 9 : 3) << i;
    ASSERT_EQ(x.node_id[i], 2 * i + 1) << i;
    ASSERT_EQ(x.node_self_size[i], i * 37 % 1000) << i;
    ASSERT_EQ(x.detachedness(i), i % 3) << i;
    ASSERT_EQ(x.node_name_text(i), y.node_name_text(i)) << i;
    ASSERT_EQ(x.first_edge[i], 2 * i) << i;
    ASSERT_EQ(x.edge_to(2 * i), 7 * (uint64_t{i} + 1) % kNodes) << i;
    ASSERT_EQ(x.edge_to(2 * i + 1), uint64_t{i} * 7919 % kNodes) << i;
    ASSERT_EQ(x.edge_name_or_index[2 * i + 1], i) << i;
    for (EdgeIndex e = 2 * i; e < 2 * i + 2; ++e) {
      ASSERT_EQ(x.edge_target_and_type[e], y.edge_target_and_type[e]) << e;
      ASSERT_EQ(x.edge_name_or_index[e], y.edge_name_or_index[e]) << e;
    }
  }
  ASSERT_EQ(x.locations.size(), (kNodes + 2) / 3);
  ASSERT_EQ(y.locations.size(), x.locations.size());
  for (size_t k = 0; k < x.locations.size(); ++k) {
    ASSERT_EQ(x.locations[k].line, y.locations[k].line) << k;
    ASSERT_EQ(x.locations[k].column, y.locations[k].column) << k;
  }
  EXPECT_EQ(x.locations.back().line, (kNodes - 1) / 3 * 3 % 1000);
}

TEST(Load, ProgressIsReportedWithTotal) {
  LoadOptions options;
  uint64_t last = 0;
  uint64_t total = 0;
  options.progress = [&](std::string_view, uint64_t done, uint64_t all) {
    last = done;
    total = all;
  };
  auto r = load_snapshot(fixture_path("node/plain.heapsnapshot.gz"), options);
  ASSERT_TRUE(r.ok());
  EXPECT_GT(total, 0u);
  EXPECT_EQ(last, total);
}

}  // namespace
}  // namespace heapleak
