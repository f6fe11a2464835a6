// Malformed inputs: every kind must give one clean Error (right code, one line, naming the file
// and the place), never a crash or a hang. Tolerated oddities must load.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "heapleak/core/error.h"
#include "heapleak/snapshot/load.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

using testing::fixture_path;
using testing::read_file;
using testing::run_command;
using testing::write_temp;

const std::string& case1() {
  static const std::string text = read_file(fixture_path("tiny/case1.heapsnapshot"));
  return text;
}

// `text` with the first `from` replaced by `to`; fails the test when `from` is absent.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "case1 lacks \"" << from << "\"";
    return text;
  }
  return text.replace(at, from.size(), to);
}

// The numbers of the `key` array ("nodes", "edges") and the byte range of its body.
struct Section {
  size_t begin = 0, end = 0;
  std::vector<uint64_t> values;
};
Section section(const std::string& text, std::string_view key) {
  std::string marker = "\"";
  marker.append(key).append("\":[");
  Section s;
  s.begin = text.find(marker) + marker.size();
  s.end = text.find(']', s.begin);
  std::string body = text.substr(s.begin, s.end - s.begin);
  std::replace(body.begin(), body.end(), ',', ' ');
  std::istringstream in(body);
  for (uint64_t v = 0; in >> v;) s.values.push_back(v);
  return s;
}
std::string with_section(const std::string& text, std::string_view key,
                         const std::vector<uint64_t>& values) {
  const Section s = section(text, key);
  std::string body;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) body += ',';
    body += std::to_string(values[i]);
  }
  return text.substr(0, s.begin) + body + text.substr(s.end);
}

// Loads `path` and checks the failure: code, one line, "<path>: " first, `place` named.
void check_error(const std::string& path, ErrorCode code, std::string_view place) {
  auto result = load_snapshot(path);
  ASSERT_FALSE(result.ok()) << path << " loaded";
  const Error& e = result.error();
  const std::string what = e.what();
  EXPECT_EQ(error_code_name(e.code()), error_code_name(code)) << what;
  EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  EXPECT_EQ(what.find('\r'), std::string::npos) << what;
  EXPECT_EQ(what.rfind(path + ": ", 0), 0u) << what;
  EXPECT_NE(what.find(place), std::string::npos) << "expected \"" << place << "\" in: " << what;
}
#define EXPECT_LOAD_ERROR(name, contents, code, place)               \
  do {                                                               \
    SCOPED_TRACE(name);                                              \
    check_error(write_temp(name, contents), ErrorCode::code, place); \
  } while (0)

LoadedSnapshot load_ok(const std::string& name, const std::string& contents) {
  auto result = load_snapshot(write_temp(name, contents));
  if (!result.ok()) {
    ADD_FAILURE() << name << ": " << result.error().what();
    return {};
  }
  return std::move(result).value();
}

TEST(LoadErrors, EmptyAndWhitespaceOnly) {
  EXPECT_LOAD_ERROR("empty.heapsnapshot", "", kEmptyInput, "input is empty");
  EXPECT_LOAD_ERROR("ws.heapsnapshot", " \n\t\r\n  ", kEmptyInput, "byte 0");
}

TEST(LoadErrors, MissingFileAndDirectory) {
  const std::string missing = testing::temp_path("does-not-exist.heapsnapshot");
  check_error(missing, ErrorCode::kIo, "No such file");
  const std::string dir = testing::temp_path("");  // the test's temporary directory
  check_error(dir, ErrorCode::kIo, "is a directory");
}

TEST(LoadErrors, EveryPrefixOfCase1Fails) {
  const std::string& text = case1();
  const std::string path = testing::temp_path("prefix.heapsnapshot");
  // case1 ends with "}\n": every prefix that stops before the final '}' is incomplete.
  const size_t close = text.rfind('}');
  ASSERT_TRUE(load_ok("whole.heapsnapshot", text.substr(0, close + 1)).snapshot.node_count() == 15);
  for (size_t len = 0; len <= close; ++len) {
    SCOPED_TRACE("prefix length " + std::to_string(len));
    write_temp("prefix.heapsnapshot", std::string_view(text).substr(0, len));
    auto result = load_snapshot(path);
    ASSERT_FALSE(result.ok());
    const std::string what = result.error().what();
    EXPECT_EQ(result.error().code(), len == 0 ? ErrorCode::kEmptyInput : ErrorCode::kTruncated)
        << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_EQ(what.rfind(path + ": ", 0), 0u) << what;
  }
}

TEST(LoadErrors, TruncatedInsideNodesAndStrings) {
  const std::string& text = case1();
  const size_t in_nodes = text.find(",3,6,13,24") + 4;
  EXPECT_LOAD_ERROR("cut-nodes.heapsnapshot", text.substr(0, in_nodes), kTruncated,
                    "\"nodes\" array is not closed");
  const size_t in_edges = text.find(",2,17,35") + 3;
  EXPECT_LOAD_ERROR("cut-edges.heapsnapshot", text.substr(0, in_edges), kTruncated, "\"edges\"");
  const size_t in_strings = text.find("\"HTMLDivEl") + 5;
  EXPECT_LOAD_ERROR("cut-strings.heapsnapshot", text.substr(0, in_strings), kTruncated,
                    "\"strings\" array is not closed");
  const size_t in_header = text.find("\"edge_types\"");
  EXPECT_LOAD_ERROR("cut-header.heapsnapshot", text.substr(0, in_header), kTruncated,
                    "\"snapshot\" header");
}

// A large snapshot cut early (an interrupted download) is truncated, not a count mismatch.
TEST(LoadErrors, TruncatedLargeSnapshotIsTruncated) {
  const Section nodes = section(case1(), "nodes");
  std::vector<uint64_t> values;
  for (int copy = 0; copy < 400; ++copy)
    values.insert(values.end(), nodes.values.begin(), nodes.values.end());
  for (size_t row = 1; row < 15 * 400; ++row) values[row * 7 + 4] = 0;  // only node 0 has edges
  values[4] = 22;
  std::string text = with_section(case1(), "nodes", values);
  text = replaced(text, "\"node_count\":15", "\"node_count\":6000");
  ASSERT_TRUE(load_ok("large.heapsnapshot", text).snapshot.node_count() == 6000);
  const size_t cut = text.find("\"nodes\":[") + 2000;
  EXPECT_LOAD_ERROR("large-cut.heapsnapshot", text.substr(0, cut), kTruncated, "\"nodes\"");
}

TEST(LoadErrors, NotJsonOrWrongShape) {
  EXPECT_LOAD_ERROR("hello.heapsnapshot", "hello", kNotJson, "byte 0");
  EXPECT_LOAD_ERROR("array.heapsnapshot", "[1,2]", kNotJson, "byte 0");
  EXPECT_LOAD_ERROR("nodes-string.heapsnapshot",
                    replaced(case1(), "\"nodes\":[", "\"nodes\":\"oops\",\"junk\":["), kBadShape,
                    "\"nodes\": expected '['");
  // "nodes" before "snapshot".
  const std::string& text = case1();
  const size_t nodes_at = text.find("\"nodes\":");
  const std::string header = text.substr(1, text.rfind(',', nodes_at) - 1);
  const std::string rest = text.substr(nodes_at, text.rfind('}') - nodes_at);
  EXPECT_LOAD_ERROR("nodes-first.heapsnapshot", "{" + rest + "," + header + "}", kBadShape,
                    "appears before the \"snapshot\" header");
  // No "strings" section at all.
  const std::string no_strings = text.substr(0, text.find(",\n\"strings\"")) + "}";
  EXPECT_LOAD_ERROR("no-strings.heapsnapshot", no_strings, kBadShape,
                    "the \"strings\" section is missing");
}

TEST(LoadErrors, MissingMetaFields) {
  const std::string& t = case1();
  EXPECT_LOAD_ERROR("no-meta.heapsnapshot", replaced(t, "\"meta\":", "\"meta_x\":"), kBadMeta,
                    "byte 12: snapshot header: invalid snapshot.meta: snapshot.meta is missing");
  EXPECT_LOAD_ERROR("no-id.heapsnapshot", replaced(t, "\"name\",\"id\",", "\"name\",\"ident\","),
                    kBadMeta, "meta.node_fields lacks \"id\"");
  EXPECT_LOAD_ERROR("no-to-node.heapsnapshot", replaced(t, "\"to_node\"", "\"target\""), kBadMeta,
                    "meta.edge_fields lacks \"to_node\"");
  EXPECT_LOAD_ERROR("no-node-types.heapsnapshot", replaced(t, "\"node_types\"", "\"node_typez\""),
                    kBadMeta, "meta.node_types is missing");
  EXPECT_LOAD_ERROR("no-node-count.heapsnapshot", replaced(t, "\"node_count\":15,", ""), kBadMeta,
                    "snapshot.node_count is missing");
}

TEST(LoadErrors, UnknownExtraFieldIsTolerated) {
  std::string text = replaced(case1(), "\"detachedness\"]", "\"detachedness\",\"extra\"]");
  text = replaced(text, "\"number\",\"number\"],\"edge_fields\"",
                  "\"number\",\"number\",\"number\"],\"edge_fields\"");
  const std::vector<uint64_t> old_nodes = section(text, "nodes").values;
  std::vector<uint64_t> nodes;
  for (size_t i = 0; i < old_nodes.size(); ++i) {
    nodes.push_back(old_nodes[i]);
    if (i % 7 == 6) nodes.push_back(12345);
  }
  std::vector<uint64_t> edges = section(text, "edges").values;
  for (size_t i = 2; i < edges.size(); i += 3) edges[i] = edges[i] / 7 * 8;
  text = with_section(with_section(text, "nodes", nodes), "edges", edges);
  const LoadedSnapshot loaded = load_ok("extra-field.heapsnapshot", text);
  EXPECT_EQ(loaded.snapshot.node_count(), 15u);
  EXPECT_EQ(loaded.snapshot.edge_count(), 22u);
  if (loaded.snapshot.edge_count() == 22u) {
    EXPECT_EQ(loaded.snapshot.edge_to(0), 1u);
  }
}

TEST(LoadErrors, UnknownTypeNamesAreTolerated) {
  std::string text = replaced(case1(), "\"object shape\"]", "\"object shape\",\"weird type\"]");
  text = replaced(text, "\"weak\"]", "\"weak\",\"weird edge\"]");
  text = replaced(text, "\n,3,13,29,48", "\n,15,13,29,48");       // node 14: type "weird type"
  text = replaced(text, "\"edges\":[1,1,7", "\"edges\":[7,1,7");  // edge 0: type "weird edge"
  const LoadedSnapshot loaded = load_ok("weird-types.heapsnapshot", text);
  ASSERT_EQ(loaded.snapshot.node_count(), 15u);
  EXPECT_EQ(loaded.snapshot.node_type_name(14), "weird type");
  EXPECT_EQ(loaded.snapshot.edge_type_name(0), "weird edge");
}

TEST(LoadErrors, CountsDisagree) {
  const std::string& t = case1();
  EXPECT_LOAD_ERROR("node-count-16.heapsnapshot",
                    replaced(t, "\"node_count\":15", "\"node_count\":16"), kCountMismatch,
                    "\"nodes\" array: counts disagree: snapshot.node_count is 16");
  EXPECT_LOAD_ERROR("node-count-14.heapsnapshot",
                    replaced(t, "\"node_count\":15", "\"node_count\":14"), kCountMismatch,
                    "the \"nodes\" array holds more values");
  EXPECT_LOAD_ERROR("edge-count-23.heapsnapshot",
                    replaced(t, "\"edge_count\":22", "\"edge_count\":23"), kCountMismatch,
                    "\"edges\" array: counts disagree: snapshot.edge_count is 23");
  EXPECT_LOAD_ERROR("nodes-104.heapsnapshot", replaced(t, ",3,13,29,48,0,0,0]", ",3,13,29,48,0,0]"),
                    kCountMismatch, "104 values is not a multiple of the 7 fields");
  EXPECT_LOAD_ERROR("edges-65.heapsnapshot", replaced(t, ",1,1,91]", ",1,91]"), kCountMismatch,
                    "\"edges\" array");
}

TEST(LoadErrors, EdgeCountSumDisagrees) {
  EXPECT_LOAD_ERROR(
      "edge-sum.heapsnapshot", replaced(case1(), "\"nodes\":[9,1,1,0,2,", "\"nodes\":[9,1,1,0,3,"),
      kCountMismatch,
      "nodes[*].edge_count: counts disagree: the edge counts of the nodes add up to 23");
}

TEST(LoadErrors, BadToNode) {
  const std::string& t = case1();
  EXPECT_LOAD_ERROR(
      "to-node-8.heapsnapshot", replaced(t, "\"edges\":[1,1,7", "\"edges\":[1,1,8"), kBadIndex,
      "edges[2]: edge 0 field to_node: 8 is not a multiple of the node field count 7");
  EXPECT_LOAD_ERROR("to-node-105.heapsnapshot",
                    replaced(t, "\"edges\":[1,1,7", "\"edges\":[1,1,105"), kBadIndex,
                    "edge 0 field to_node: 105 points past the last node");
}

TEST(LoadErrors, StringIdOutOfRange) {
  const std::string& t = case1();
  EXPECT_LOAD_ERROR("node-name.heapsnapshot", replaced(t, "\"nodes\":[9,1,", "\"nodes\":[9,999,"),
                    kBadIndex, "nodes[1] (node 0 field name): index out of range: string id 999");
  EXPECT_LOAD_ERROR("edge-name.heapsnapshot", replaced(t, "\n,2,15,28", "\n,2,999,28"), kBadIndex,
                    "edges[13] (edge 4 field name_or_index): index out of range: string id 999");
}

TEST(LoadErrors, NodeTypeOutOfRange) {
  EXPECT_LOAD_ERROR("node-type.heapsnapshot", replaced(case1(), "\"nodes\":[9,", "\"nodes\":[15,"),
                    kBadIndex, "nodes[0]: node 0 field type: value 15 is above 14");
}

TEST(LoadErrors, BadNumbers) {
  const std::string& t = case1();
  const std::string row = "\"nodes\":[9,1,1,0,";
  EXPECT_LOAD_ERROR("minus.heapsnapshot", replaced(t, row, "\"nodes\":[9,1,1,-1,"), kBadNumber,
                    "nodes[3]: negative number");
  EXPECT_LOAD_ERROR("fraction.heapsnapshot", replaced(t, row, "\"nodes\":[9,1,1,1.5,"), kBadNumber,
                    "nodes[3]: not an integer");
  EXPECT_LOAD_ERROR("exponent.heapsnapshot", replaced(t, row, "\"nodes\":[9,1,1,1e3,"), kBadNumber,
                    "nodes[3]: not an integer");
  EXPECT_LOAD_ERROR("edge-minus.heapsnapshot", replaced(t, "\"edges\":[1,1,7", "\"edges\":[1,-1,7"),
                    kBadNumber, "edges[1]: negative number");
  // The byte offset points at the bad number.
  const size_t at = t.find(row) + row.size() - 2;
  EXPECT_LOAD_ERROR("minus-offset.heapsnapshot", replaced(t, row, "\"nodes\":[9,1,1,-1,"),
                    kBadNumber, "byte " + std::to_string(at) + ": ");
}

TEST(LoadErrors, BadAndTruncatedCompression) {
  const std::string garbage(200, 'x');
  EXPECT_LOAD_ERROR("bad.gz", "\x1f\x8b" + garbage, kBadCompression, "compressed byte");
  EXPECT_LOAD_ERROR("bad.zst", "\x28\xb5\x2f\xfd" + garbage, kBadCompression, "compressed byte");

  const std::string plain = write_temp("plain.heapsnapshot", case1());
  for (const std::string tool : {"gzip", "zstd"}) {
    SCOPED_TRACE(tool);
    const auto r = run_command(tool + " -q -c " + plain);  // stdout is captured into r.out
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string packed = r.out;
    const std::string packed_path = write_temp("whole." + tool, packed);
    ASSERT_GT(packed.size(), 20u);
    ASSERT_TRUE(load_snapshot(packed_path).ok());
    for (const size_t len : {packed.size() / 2, packed.size() - 4, packed.size() - 1}) {
      EXPECT_LOAD_ERROR("cut-" + std::to_string(len) + "." + tool,
                        std::string_view(packed).substr(0, len), kTruncated, "byte ");
    }
  }
}

TEST(LoadErrors, EmptySnapshot) {
  std::string text = replaced(case1(), "\"node_count\":15", "\"node_count\":0");
  text = replaced(text, "\"edge_count\":22", "\"edge_count\":0");
  text = with_section(with_section(text, "nodes", {}), "edges", {});
  EXPECT_LOAD_ERROR("no-nodes.heapsnapshot", text, kEmptySnapshot, "\"nodes\" array");
}

TEST(LoadErrors, LoneSurrogatesBecomeReplacementCharacters) {
  std::string text = replaced(case1(), "\"hello\"", R"("\udc80x")");
  text = replaced(text, "\"onClick\"", R"("\ud800")");
  const LoadedSnapshot loaded = load_ok("surrogates.heapsnapshot", text);
  ASSERT_EQ(loaded.snapshot.strings.size(), 25u);
  EXPECT_EQ(loaded.snapshot.strings[7], "\xEF\xBF\xBDx");
  EXPECT_EQ(loaded.snapshot.strings[8], "\xEF\xBF\xBD");
  EXPECT_EQ(loaded.snapshot.strings[9], "system / Context");
}

TEST(LoadErrors, RawInvalidUtf8NeverCrashes) {
  const std::string path = write_temp("ff.heapsnapshot", replaced(case1(), "\"Cache\"",
                                                                  "\"Ca\xff"
                                                                  "che\""));
  auto result = load_snapshot(path);
  if (result.ok()) {
    EXPECT_EQ(result->snapshot.strings.size(), 25u);
  } else {
    const std::string what = result.error().what();
    EXPECT_EQ(result.error().code(), ErrorCode::kBadString) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_EQ(what.rfind(path + ": ", 0), 0u) << what;
    EXPECT_NE(what.find("strings[13]"), std::string::npos) << what;
  }
}

TEST(LoadErrors, HugeStringLoads) {
  const std::string huge(size_t{20} << 20, 'a');
  const LoadedSnapshot loaded =
      load_ok("huge.heapsnapshot", replaced(case1(), "\"Text\"", "\"" + huge + "\""));
  ASSERT_EQ(loaded.snapshot.strings.size(), 25u);
  EXPECT_EQ(loaded.snapshot.strings[12].size(), huge.size());
  EXPECT_EQ(loaded.snapshot.strings[12], huge);
  EXPECT_EQ(loaded.snapshot.strings[13], "Cache");
  EXPECT_EQ(loaded.snapshot.strings[24], "elements");
}

TEST(LoadErrors, TrailingGarbage) {
  EXPECT_LOAD_ERROR(
      "trailing.heapsnapshot", case1() + "xyz", kNotJson,
      "byte " + std::to_string(case1().size()) + ": not JSON: after the snapshot object");
  EXPECT_LOAD_ERROR("trailing-brace.heapsnapshot", case1() + "}", kNotJson,
                    "after the snapshot object");
}

TEST(LoadErrors, CliPrintsOneLineAndExits2) {
  const std::string path = write_temp("cli-bad.heapsnapshot",
                                      replaced(case1(), "\"node_count\":15", "\"node_count\":16"));
  const auto r = run_command(testing::heapleak_binary() + " summary " + path);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("snapshot.node_count is 16"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace heapleak
