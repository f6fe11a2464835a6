// Malformed inputs: every kind must give one clean Error (right code, one line, naming the file
// and the place), never a crash or a hang. Tolerated oddities must load.
#include <fmt/format.h>
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

// Loads `path` both ways a plain file can be read, in place in its mapping and copied out (as
// compressed input is), which must fail alike: the same message for the same place.
Result<LoadedSnapshot> load_both_ways(const std::string& path) {
  LoadOptions copied;
  copied.read_in_place = false;
  auto in_place = load_snapshot(path);
  auto copy = load_snapshot(path, copied);
  EXPECT_EQ(in_place.ok(), copy.ok()) << path;
  if (!in_place.ok() && !copy.ok()) {
    EXPECT_EQ(std::string(in_place.error().what()), std::string(copy.error().what()));
  }
  return in_place;
}

// Loads `path` and checks the failure: code, one line, "<path>: " first, `place` named.
void check_error(const std::string& path, ErrorCode code, std::string_view place) {
  auto result = load_both_ways(path);
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
  auto result = load_both_ways(write_temp(name, contents));
  if (!result.ok()) {
    ADD_FAILURE() << name << ": " << result.error().what();
    return {};
  }
  return std::move(result).value();
}

TEST(LoadErrors, EmptyAndWhitespaceOnly) {
  EXPECT_LOAD_ERROR("empty.heapsnapshot", "", kEmptyInput, "byte 0: input is empty");
  EXPECT_LOAD_ERROR("ws.heapsnapshot", " \n\t\r\n  ", kEmptyInput, "byte 0");
}

TEST(LoadErrors, MissingFileAndDirectory) {
  const std::string missing = testing::temp_path("does-not-exist.heapsnapshot");
  check_error(missing, ErrorCode::kIo, "No such file");
  const std::string dir = testing::temp_path("");  // the test's temporary directory
  check_error(dir, ErrorCode::kIo, "is a directory");
  // An empty name is named too: "'': cannot read input: ...".
  const auto unnamed = load_snapshot("");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(std::string(unnamed.error().what()).rfind("'': cannot read input: ", 0), 0u)
      << unnamed.error().what();
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
    auto result = load_both_ways(path);
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
  // A header that is not JSON is named at the faulty byte, not at the header's start.
  const std::string doubled = replaced(case1(), "\"node_count\":15,", "\"node_count\":15,,");
  EXPECT_LOAD_ERROR("header-comma.heapsnapshot", doubled, kNotJson,
                    "byte " + std::to_string(doubled.find(",,") + 1) +
                        ": snapshot header: not JSON: unexpected ','");
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

// A field named twice left one of its columns unread, and the other won: every id 0, or every
// node hidden, with exit code 0.
TEST(LoadErrors, RepeatedFieldNames) {
  const std::string& t = case1();
  EXPECT_LOAD_ERROR("twice-id.heapsnapshot",
                    replaced(t, "\"trace_node_id\",\"detachedness\"", "\"id\",\"detachedness\""),
                    kBadMeta,
                    "byte 12: snapshot header: invalid snapshot.meta: meta.node_fields names "
                    "\"id\" twice");
  EXPECT_LOAD_ERROR("twice-to-node.heapsnapshot",
                    replaced(t, "\"name_or_index\",\"to_node\"", "\"to_node\",\"to_node\""),
                    kBadMeta, "meta.edge_fields names \"to_node\" twice");
  EXPECT_LOAD_ERROR("twice-line.heapsnapshot",
                    replaced(t, "\"location_fields\":[\"object_index\",\"script_id\",\"line\"",
                             "\"location_fields\":[\"object_index\",\"line\",\"line\""),
                    kBadMeta, "meta.location_fields names \"line\" twice");
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
  // Too many values: the error names where the first one past the count (node 14's) starts.
  size_t node_14 = section(t, "nodes").begin;
  for (int comma = 0; comma < 14 * 7; ++comma) node_14 = t.find(',', node_14) + 1;
  EXPECT_LOAD_ERROR("node-count-14.heapsnapshot",
                    replaced(t, "\"node_count\":15", "\"node_count\":14"), kCountMismatch,
                    "byte " + std::to_string(node_14) +
                        ": counts disagree: nodes[98]: the \"nodes\" array holds more values than "
                        "the header's count implies (98)");
  EXPECT_LOAD_ERROR("edge-count-23.heapsnapshot",
                    replaced(t, "\"edge_count\":22", "\"edge_count\":23"), kCountMismatch,
                    "\"edges\" array: counts disagree: snapshot.edge_count is 23");
  EXPECT_LOAD_ERROR("nodes-104.heapsnapshot", replaced(t, ",3,13,29,48,0,0,0]", ",3,13,29,48,0,0]"),
                    kCountMismatch, "104 values is not a multiple of the 7 fields");
  EXPECT_LOAD_ERROR("edges-65.heapsnapshot", replaced(t, ",1,1,91]", ",1,91]"), kCountMismatch,
                    "\"edges\" array");
}

// The count of values comes from the commas, so a stray one looks like a value too many; the
// error names the comma rather than the count.
TEST(LoadErrors, StrayCommaIsNamedWhereItIs) {
  const std::string trailing = replaced(case1(), ",48,0,0,0]", ",48,0,0,0,]");
  EXPECT_LOAD_ERROR("trailing-comma.heapsnapshot", trailing, kNotJson,
                    "byte " + std::to_string(trailing.find(",]") + 1) +
                        ": not JSON: nodes[105]: expected a number after ','");
  const std::string doubled = replaced(case1(), "\"edges\":[1,1,7", "\"edges\":[1,,1,7");
  EXPECT_LOAD_ERROR("double-comma.heapsnapshot", doubled, kBadNumber,
                    "byte " + std::to_string(doubled.find(",,") + 1) +
                        ": invalid number: edges[1]: expected an unsigned integer, found ','");
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
  auto result = load_both_ways(path);
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

// The number parser has a fast path for whole rows of plain numbers and leaves everything else
// to a byte-by-byte loop. The tests below put unusual numbers and bad bytes in every field of
// a row, at the start and at the end of the arrays, so both paths must agree.

// The values of case1's `key` array as text, to be edited and put back with `with_tokens`.
std::vector<std::string> tokens(std::string_view key) {
  std::vector<std::string> out;
  for (const uint64_t v : section(case1(), key).values) out.push_back(std::to_string(v));
  return out;
}

struct Separators {
  std::string_view value = ",";
  std::string_view row = "\n,";  // as V8 writes them
  std::string_view open = "";    // after '['
  std::string_view close = "";   // before ']'
};
struct Edited {
  std::string text;
  std::vector<size_t> at;  // the byte offset of each value in `text`
};
// `text` with the `key` array's body made of `values`, rows of `row_fields` values.
Edited with_tokens(const std::string& text, std::string_view key,
                   const std::vector<std::string>& values, size_t row_fields,
                   const Separators& sep = {}) {
  const Section s = section(text, key);
  Edited out;
  out.text = text.substr(0, s.begin);
  out.text += sep.open;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.text += i % row_fields == 0 ? sep.row : sep.value;
    out.at.push_back(out.text.size());
    out.text += values[i];
  }
  out.text += sep.close;
  out.text += text.substr(s.end);
  return out;
}

// Loads `text` and checks the failure: code, "byte <byte>: " and `detail`.
void check_number_error(const std::string& name, const std::string& text, ErrorCode code,
                        size_t byte, const std::string& detail) {
  SCOPED_TRACE(name + ": " + detail);
  auto result = load_both_ways(write_temp(name, text));
  ASSERT_FALSE(result.ok()) << name << " loaded";
  const std::string what = result.error().what();
  EXPECT_EQ(error_code_name(result.error().code()), error_code_name(code)) << what;
  EXPECT_NE(what.find("byte " + std::to_string(byte) + ": "), std::string::npos)
      << "expected byte " << byte << " in: " << what;
  EXPECT_NE(what.find(detail), std::string::npos) << "expected \"" << detail << "\" in: " << what;
}

std::string zero_padded(const std::string& digits, size_t length) {
  return std::string(length - std::min(length, digits.size()), '0') + digits;
}

// Hand-checked values of case1 that the edits below must not change.
void expect_case1_values(const Snapshot& s) {
  ASSERT_EQ(s.node_count(), 15u);
  ASSERT_EQ(s.edge_count(), 22u);
  // Node 0 is 9,1,1,0,2,0,0; node 3 is 3,4,7,40,3,0,0; node 12 is 8,11,25,100,1,0,2; node 14
  // is 3,13,29,48,0,0,0.
  EXPECT_EQ(s.node_type_name(0), "synthetic");
  EXPECT_EQ(s.node_id[0], 1u);
  EXPECT_EQ(s.first_edge[1] - s.first_edge[0], 2u);
  EXPECT_EQ(s.node_type_name(3), "object");
  EXPECT_EQ(s.node_name_text(3), "Window / https://a.test");
  EXPECT_EQ(s.node_id[3], 7u);
  EXPECT_EQ(s.node_self_size[3], 40u);
  EXPECT_EQ(s.first_edge[4] - s.first_edge[3], 3u);
  EXPECT_EQ(s.detachedness(3), 0);
  EXPECT_EQ(s.detachedness(12), 2);
  EXPECT_EQ(s.node_self_size[12], 100u);
  EXPECT_EQ(s.node_name_text(14), "Cache");
  EXPECT_EQ(s.node_id[14], 29u);
  EXPECT_EQ(s.node_self_size[14], 48u);
  // Edge 0 is 1,1,7; edge 1 is 5,14,21; edge 21 is 1,1,91.
  EXPECT_EQ(s.edge_type_name(0), "element");
  EXPECT_EQ(s.edge_name_or_index[0], 1u);
  EXPECT_EQ(s.edge_to(0), 1u);
  EXPECT_EQ(s.edge_type_name(1), "shortcut");
  EXPECT_EQ(s.edge_name_text(1), "window");
  EXPECT_EQ(s.edge_to(1), 3u);
  EXPECT_EQ(s.edge_name_or_index[21], 1u);
  EXPECT_EQ(s.edge_to(21), 13u);
}

// Sizes are summed in 64 bits: each input that adds to them is bounded so that no sum wraps.
TEST(LoadErrors, SizesThatCouldWrapTheirSums) {
  const std::string& t = case1();
  const std::string header_end = "\"trace_function_count\":0}";
  load_ok("extra-2p53.heapsnapshot",
          replaced(t, header_end,
                   "\"trace_function_count\":0,\"extra_native_bytes\":9007199254740992}"));
  EXPECT_LOAD_ERROR(
      "extra-u64max.heapsnapshot",
      replaced(t, header_end,
               "\"trace_function_count\":0,\"extra_native_bytes\":18446744073709551615}"),
      kBadNumber,
      "byte 12: snapshot header: invalid number: snapshot.extra_native_bytes: value "
      "18446744073709551615 is above 2^53");
  // Two self sizes of 2^52 add up to 2^53, the bound; a third 4 GiB one goes past it.
  std::vector<std::string> nodes = tokens("nodes");
  nodes[3 * 7 + 3] = "4503599627370496";
  nodes[4 * 7 + 3] = "4503599627370496";
  const LoadedSnapshot at_bound =
      load_ok("self-2p53.heapsnapshot", with_tokens(t, "nodes", nodes, 7).text);
  EXPECT_EQ(at_bound.snapshot.node_self_size[4], uint64_t{1} << 52);
  nodes[5 * 7 + 3] = "4294967296";
  EXPECT_LOAD_ERROR("self-past-2p53.heapsnapshot", with_tokens(t, "nodes", nodes, 7).text,
                    kBadNumber,
                    "nodes[*] field self_size: invalid number: the self sizes of 4 GiB or more add "
                    "up to more than 2^53 bytes");
}

TEST(LoadErrors, NumbersWithLeadingZerosOfEveryLength) {
  for (const size_t length : {2u, 7u, 8u, 9u, 15u, 16u, 17u, 19u}) {
    SCOPED_TRACE("length " + std::to_string(length));
    std::vector<std::string> nodes = tokens("nodes");
    // Every field of nodes 0, 3 and 14.
    for (const size_t row : {0u, 3u, 14u}) {
      for (size_t field = 0; field < 7; ++field) {
        nodes[row * 7 + field] = zero_padded(nodes[row * 7 + field], length);
      }
    }
    std::vector<std::string> edges = tokens("edges");
    for (const size_t i : {0u, 1u, 2u, 4u, 5u, 63u, 64u, 65u}) {
      edges[i] = zero_padded(edges[i], length);
    }
    const std::string text =
        with_tokens(with_tokens(case1(), "edges", edges, 3).text, "nodes", nodes, 7).text;
    expect_case1_values(
        load_ok("zeros-" + std::to_string(length) + ".heapsnapshot", text).snapshot);
  }
  // 20 digits are too many even when they are zeros, in any field.
  for (size_t field = 0; field < 7; ++field) {
    std::vector<std::string> nodes = tokens("nodes");
    const size_t i = 3 * 7 + field;
    nodes[i] = zero_padded(nodes[i], 20);
    const Edited e = with_tokens(case1(), "nodes", nodes, 7);
    check_number_error("zeros-20-node.heapsnapshot", e.text, ErrorCode::kBadNumber, e.at[i],
                       "nodes[" + std::to_string(i) + "]: number too large");
  }
  for (const size_t i : {0u, 1u, 2u, 65u}) {
    std::vector<std::string> edges = tokens("edges");
    edges[i] = zero_padded(edges[i], 20);
    const Edited e = with_tokens(case1(), "edges", edges, 3);
    check_number_error("zeros-20-edge.heapsnapshot", e.text, ErrorCode::kBadNumber, e.at[i],
                       "edges[" + std::to_string(i) + "]: number too large");
  }
}

TEST(LoadErrors, ValuesAtFieldLimits) {
  struct Case {
    const char* key;
    size_t index;
    const char* value;
    const char* error;  // nullptr: loads
  };
  const Case cases[] = {
      // Node 3 (flat 21-27): type, name, id, self_size, edge_count, trace_node_id, detachedness.
      {"nodes", 21, "14", nullptr},
      {"nodes", 21, "15", "nodes[21]: node 3 field type: value 15 is above 14"},
      {"nodes", 23, "4294967295", nullptr},
      {"nodes", 23, "4294967296", "nodes[23]: node 3 field id: value 4294967296 is above 2^32-1"},
      // Self sizes from 2^32-1 up live in a side table beside the 32-bit column.
      {"nodes", 24, "4294967294", nullptr},
      {"nodes", 24, "4294967295", nullptr},
      {"nodes", 24, "4294967296", nullptr},
      {"nodes", 24, "9007199254740992", nullptr},
      {"nodes", 24, "9007199254740993",
       "nodes[24]: node 3 field self_size: value 9007199254740993 is above 2^53"},
      {"nodes", 24, "9999999999999999999",
       "nodes[24]: node 3 field self_size: value 9999999999999999999 is above 2^53"},
      {"nodes", 26, "4294967295", nullptr},  // trace_node_id: ignored (no trace functions)
      {"nodes", 26, "9999999999999999999", nullptr},
      {"nodes", 27, "3", nullptr},
      {"nodes", 27, "4", "nodes[27]: node 3 field detachedness: value 4 is above 3"},
      {"nodes", 104, "4", "nodes[104]: node 14 field detachedness: value 4 is above 3"},
      // Edge 0 (flat 0-2): type, name_or_index (an element index), to_node.
      {"edges", 0, "6", nullptr},
      {"edges", 0, "7", "edges[0]: edge 0 field type: value 7 is above 6 (the edge type list)"},
      // Names take 3 bytes; from 2^24-1 up they live in a side table.
      {"edges", 1, "16777214", nullptr},
      {"edges", 1, "16777215", nullptr},
      {"edges", 1, "16777216", nullptr},
      {"edges", 1, "4294967295", nullptr},
      {"edges", 1, "4294967296",
       "edges[1]: edge 0 field name_or_index: value 4294967296 is above 2^32-1"},
      {"edges", 2, "98", nullptr},
      {"edges", 2, "99",
       "edges[2]: edge 0 field to_node: 99 is not a multiple of the node field count 7"},
      {"edges", 2, "105", "edges[2]: edge 0 field to_node: 105 points past the last node"},
      {"edges", 2, "70000000000000",
       "edges[2]: edge 0 field to_node: 70000000000000 points past the last node"},
      {"edges", 65, "105", "edges[65]: edge 21 field to_node: 105 points past the last node"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.key) + "[" + std::to_string(c.index) + "] = " + c.value);
    const size_t row_fields = std::string_view(c.key) == "nodes" ? 7 : 3;
    std::vector<std::string> values = tokens(c.key);
    values[c.index] = c.value;
    const Edited e = with_tokens(case1(), c.key, values, row_fields);
    if (c.error == nullptr) {
      const LoadedSnapshot loaded = load_ok("limit.heapsnapshot", e.text);
      ASSERT_EQ(loaded.snapshot.node_count(), 15u);
      const Snapshot& s = loaded.snapshot;
      const uint64_t v = std::stoull(c.value);
      const bool nodes = std::string_view(c.key) == "nodes";
      switch (c.index + (nodes ? 0 : 1000)) {
        case 21:
          EXPECT_EQ(s.node_type[3], v);
          break;
        case 23:
          EXPECT_EQ(s.node_id[3], v);
          break;
        case 24:
          EXPECT_EQ(s.node_self_size[3], v);
          break;
        case 27:
          EXPECT_EQ(s.detachedness(3), v);
          break;
        case 1000:
          EXPECT_EQ(s.edge_type(0), v);
          break;
        case 1001:
          EXPECT_EQ(s.edge_name_or_index[0], v);
          break;
        case 1002:
          EXPECT_EQ(s.edge_to(0), v / 7);
          break;
        default:
          break;  // an ignored field
      }
    } else {
      check_number_error("limit.heapsnapshot", e.text, ErrorCode::kBadIndex, e.at[c.index],
                         c.error);
    }
  }
}

TEST(LoadErrors, WhitespaceAroundNumbers) {
  const Separators layouts[] = {
      {",", ",", "", ""},                  // no whitespace at all
      {", ", ",\n", "", ""},               // JSON pretty printers
      {" , ", "\n , ", " ", " "},          // on both sides
      {",\t", "\r\n,", "\n\t", "\r\n"},    // tabs and CRLF
      {"  ,", "  \n\n,  ", "\n\n", "\n"},  // runs of whitespace
  };
  for (const Separators& sep : layouts) {
    SCOPED_TRACE("separators \"" + std::string(sep.value) + "\" \"" + std::string(sep.row) + "\"");
    const std::string text =
        with_tokens(with_tokens(case1(), "edges", tokens("edges"), 3, sep).text, "nodes",
                    tokens("nodes"), 7, sep)
            .text;
    expect_case1_values(load_ok("spaces.heapsnapshot", text).snapshot);
  }
}

TEST(LoadErrors, MalformedNumberInEveryField) {
  struct Bad {
    const char* value;
    ErrorCode code;
    size_t byte;  // from the value's first byte
    std::string detail;
    // A bad separator is reported after the value before it was read: it names the next index.
    size_t next = 0;
  };
  const Bad bads[] = {
      {"-1", ErrorCode::kBadNumber, 0, "negative number"},
      {"1.5", ErrorCode::kBadNumber, 0, "not an integer"},
      {"12345678.0", ErrorCode::kBadNumber, 0, "not an integer"},
      {"2E7", ErrorCode::kBadNumber, 0, "not an integer"},
      {"1e3", ErrorCode::kBadNumber, 0, "not an integer"},
      {"+1", ErrorCode::kBadNumber, 0, "expected an unsigned integer, found '+'"},
      {"\"1\"", ErrorCode::kBadNumber, 0, "expected an unsigned integer, found '\"'"},
      {"null", ErrorCode::kBadNumber, 0, "expected an unsigned integer, found 'n'"},
      {"\x01", ErrorCode::kBadNumber, 0, "expected an unsigned integer, found byte 0x01"},
      {"", ErrorCode::kBadNumber, 0, "expected an unsigned integer, found ','"},
      // 0 is in range in every field, so the bad byte after it is the error.
      {"0y", ErrorCode::kNotJson, 1, "expected ',' or ']', found 'y'", 1},
      {"0x1F", ErrorCode::kNotJson, 1, "expected ',' or ']', found 'x'", 1},
      {"00000000x", ErrorCode::kNotJson, 8, "expected ',' or ']', found 'x'", 1},
      {"0000000000000000x", ErrorCode::kNotJson, 16, "expected ',' or ']', found 'x'", 1},
      {"0 2", ErrorCode::kNotJson, 2, "expected ',' or ']', found '2'", 1},
      {"0\n\n2", ErrorCode::kNotJson, 3, "expected ',' or ']', found '2'", 1},
  };
  const auto check = [&](std::string_view key, size_t row_fields, size_t index) {
    for (const Bad& bad : bads) {
      std::vector<std::string> values = tokens(key);
      values[index] = bad.value;
      const Edited e = with_tokens(case1(), key, values, row_fields);
      ErrorCode code = bad.code;
      size_t byte = e.at[index] + bad.byte;
      std::string detail = bad.detail;
      if (bad.value[0] == '\0' && index + 1 == values.size()) {
        code = ErrorCode::kNotJson;  // the array ends in ",]"
        detail = "expected a number after ','";
      } else if (bad.value[0] == '\0' && (index + 1) % row_fields == 0) {
        ++byte;  // the ',' after the row's "\n"
      }
      check_number_error(
          "bad.heapsnapshot", e.text, code, byte,
          std::string(key) + "[" + std::to_string(index + bad.next) + "]: " + detail);
    }
  };
  for (size_t i = 0; i < 7; ++i) check("nodes", 7, i);     // node 0
  for (size_t i = 21; i < 28; ++i) check("nodes", 7, i);   // node 3
  for (size_t i = 98; i < 105; ++i) check("nodes", 7, i);  // node 14, the last
  for (size_t i = 0; i < 3; ++i) check("edges", 3, i);     // edge 0
  for (size_t i = 33; i < 36; ++i) check("edges", 3, i);   // edge 11
  for (size_t i = 63; i < 66; ++i) check("edges", 3, i);   // edge 21, the last

  // The first of two errors in a row is the one reported.
  std::vector<std::string> nodes = tokens("nodes");
  nodes[22] = "-4";
  nodes[26] = "x";
  const Edited e = with_tokens(case1(), "nodes", nodes, 7);
  check_number_error("two-bad.heapsnapshot", e.text, ErrorCode::kBadNumber, e.at[22],
                     "nodes[22]: negative number");
}

// Arrays of several 4 MB chunks, with numbers of every length up to 19 digits (leading zeros)
// in every field, so that chunk ends and the fast path's 8- and 16-byte reads meet all of them.
TEST(LoadErrors, LongArraysWithNumbersOfEveryLength) {
  const std::vector<uint64_t> base_nodes = section(case1(), "nodes").values;
  const std::vector<uint64_t> base_edges = section(case1(), "edges").values;
  constexpr size_t kCopies = 20000;  // 300000 nodes, 440000 edges
  std::vector<std::string> nodes;
  std::vector<std::string> edges;
  size_t length = 0;
  for (size_t copy = 0; copy < kCopies; ++copy) {
    for (size_t i = 0; i < base_nodes.size(); ++i) {
      uint64_t v = base_nodes[i];
      if (i % 7 == 4) v = copy == 0 && i == 4 ? 22 * kCopies : 0;  // node 0 holds every edge
      length = length % 19 + 1;
      nodes.push_back(zero_padded(std::to_string(v), length));
    }
    for (size_t i = 0; i < base_edges.size(); ++i) {
      length = length % 19 + 1;
      edges.push_back(zero_padded(std::to_string(base_edges[i]), length));
    }
  }
  std::string text = replaced(case1(), "\"node_count\":15", "\"node_count\":300000");
  text = replaced(text, "\"edge_count\":22", "\"edge_count\":440000");
  const std::string good =
      with_tokens(with_tokens(text, "edges", edges, 3).text, "nodes", nodes, 7).text;
  ASSERT_GT(good.size(), size_t{10} << 20);
  {
    const LoadedSnapshot loaded = load_ok("long.heapsnapshot", good);
    const Snapshot& s = loaded.snapshot;
    ASSERT_EQ(s.node_count(), 300000u);
    ASSERT_EQ(s.edge_count(), 440000u);
    EXPECT_EQ(s.first_edge[1], 440000u);
    size_t wrong = 0;
    for (NodeOrdinal n = 0; n < s.node_count(); ++n) {
      const size_t row = n % 15 * 7;
      wrong += s.node_type[n] != base_nodes[row] || s.node_name[n] != base_nodes[row + 1] ||
               s.node_id[n] != base_nodes[row + 2] || s.node_self_size[n] != base_nodes[row + 3] ||
               s.detachedness(n) != base_nodes[row + 6];
    }
    EXPECT_EQ(wrong, 0u);
    for (EdgeIndex e = 0; e < s.edge_count(); ++e) {
      const size_t row = e % 22 * 3;
      wrong += s.edge_type(e) != base_edges[row] ||
               s.edge_name_or_index[e] != base_edges[row + 1] ||
               s.edge_to(e) != base_edges[row + 2] / 7;
    }
    EXPECT_EQ(wrong, 0u);
  }
  // An error well after the first chunk still names the right value and byte.
  for (const size_t i : {size_t{1234567}, size_t{2099999}}) {
    std::vector<std::string> bad = nodes;
    bad[i] = "-" + bad[i];
    const Edited e = with_tokens(with_tokens(text, "edges", edges, 3).text, "nodes", bad, 7);
    check_number_error("long-bad.heapsnapshot", e.text, ErrorCode::kBadNumber, e.at[i],
                       "nodes[" + std::to_string(i) + "]: negative number");
  }
  std::vector<std::string> bad = edges;
  bad[1000001] += ".0";
  const Edited e = with_tokens(with_tokens(text, "nodes", nodes, 7).text, "edges", bad, 3);
  check_number_error("long-bad-edge.heapsnapshot", e.text, ErrorCode::kBadNumber, e.at[1000001],
                     "edges[1000001]: not an integer");
}

// case1 has no locations; its 15 nodes have flat indices 0, 7, ..., 98.
std::string with_locations(std::string_view values) {
  return replaced(case1(), "\"locations\":[]", "\"locations\":[" + std::string(values) + "]");
}

TEST(LoadErrors, MalformedLocations) {
  EXPECT_LOAD_ERROR(
      "loc-index.heapsnapshot", with_locations("7,1,2,3,36,1,2,3"), kBadIndex,
      "locations[4] (location 1 field object_index): index out of range: 36 is not the "
      "flat index of a node");
  EXPECT_LOAD_ERROR("loc-past.heapsnapshot", with_locations("105,1,2,3"), kBadIndex,
                    "locations[0] (location 0 field object_index): index out of range: 105 is not "
                    "the flat index of a node");
  EXPECT_LOAD_ERROR("loc-count.heapsnapshot", with_locations("7,1,2"), kCountMismatch,
                    "\"locations\" array: counts disagree: 3 values is not a multiple of the 4 "
                    "location fields");
  EXPECT_LOAD_ERROR("loc-range.heapsnapshot", with_locations("7,1,2,4294967296"), kBadIndex,
                    "value 4294967296 is above 2^32-1");
  EXPECT_LOAD_ERROR("loc-negative.heapsnapshot", with_locations("7,1,-2,3"), kBadNumber,
                    "negative number");
  const std::string open = with_locations("7,1,2,3");
  EXPECT_LOAD_ERROR("loc-open.heapsnapshot", open.substr(0, open.find("7,1,2,3") + 7), kTruncated,
                    "the \"locations\" array is not closed");
}

// Enough rows for several 4 MB chunks, parsed by parallel workers: the rows must still count in
// file order, where the last row for a node wins (DevTools' map). Row r is on node r % 15 with
// script id r, so node k keeps the largest r with r % 15 == k.
TEST(LoadErrors, LocationsSpanningManyChunksKeepFileOrder) {
  constexpr uint32_t kRows = 900000;
  std::string values;
  values.reserve(size_t{kRows} * 24);
  for (uint32_t r = 0; r < kRows; ++r) {
    if (r > 0) values += ',';
    values += fmt::format("{},{},{},{}", (r % 15) * 7, r, r / 2, r / 3);
  }
  ASSERT_GT(values.size(), size_t{12} << 20);
  const LoadedSnapshot loaded = load_ok("many-locations.heapsnapshot", with_locations(values));
  const Snapshot& s = loaded.snapshot;
  ASSERT_EQ(s.locations.size(), 15u);
  for (NodeOrdinal k = 0; k < 15; ++k) {
    const uint32_t last = kRows - 15 + (k + 15 - kRows % 15) % 15;
    SCOPED_TRACE(k);
    EXPECT_EQ(s.locations[k].node, k);
    EXPECT_EQ(s.locations[k].script_id, last);
    EXPECT_EQ(s.locations[k].line, last / 2);
    EXPECT_EQ(s.locations[k].column, last / 3);
  }
}

// Edge names are 3 bytes wide with a side table for values from 2^24-1 up. Element edges whose
// indices cross that line, in arrays of several chunks: a few of them stay in the side table,
// many make the loader widen the column to 4 bytes; either way every name reads back exactly.
TEST(LoadErrors, EdgeNamesBeyond24BitsAcrossChunks) {
  const std::vector<uint64_t> base_nodes = section(case1(), "nodes").values;
  const std::vector<uint64_t> base_edges = section(case1(), "edges").values;
  constexpr size_t kCopies = 20000;  // 300000 nodes, 440000 edges
  constexpr uint64_t kElement = 1;   // case1's edge type list: context, element, ...
  std::vector<std::string> nodes;
  for (size_t copy = 0; copy < kCopies; ++copy) {
    for (size_t i = 0; i < base_nodes.size(); ++i) {
      uint64_t v = base_nodes[i];
      if (i % 7 == 4) v = copy == 0 && i == 4 ? 22 * kCopies : 0;  // node 0 holds every edge
      nodes.push_back(std::to_string(v));
    }
  }
  std::string text = replaced(case1(), "\"node_count\":15", "\"node_count\":300000");
  text = replaced(text, "\"edge_count\":22", "\"edge_count\":440000");
  text = with_tokens(text, "nodes", nodes, 7).text;
  // Every `every`-th edge gets a name around 2^24, the others small ones.
  const auto name_of = [](size_t e, size_t every) -> uint64_t {
    if (e % every != 0) return e % 1000;
    constexpr uint64_t kFrom[] = {16777214, 16777215, 16777216, 4294967295};
    return kFrom[e / every % 4] - (e / every % 4 == 3 ? 0 : e % 2);
  };
  for (const size_t every : {size_t{10007}, size_t{7}}) {
    SCOPED_TRACE("every " + std::to_string(every));
    std::vector<std::string> edges;
    for (size_t e = 0; e < 22 * kCopies; ++e) {
      edges.push_back(std::to_string(kElement));
      edges.push_back(std::to_string(name_of(e, every)));
      edges.push_back(std::to_string(base_edges[e % 22 * 3 + 2]));
    }
    const Edited edited = with_tokens(text, "edges", edges, 3);
    ASSERT_GT(edited.text.size(), size_t{8} << 20);
    const LoadedSnapshot loaded = load_ok("wide-names.heapsnapshot", edited.text);
    const Snapshot& s = loaded.snapshot;
    ASSERT_EQ(s.edge_count(), 22 * kCopies);
    // 1000 names shared evenly: a 255-name dictionary would escape most edges, so the names stay
    // plain, where the widening shows.
    EXPECT_FALSE(s.edge_name_or_index.compacted());
    EXPECT_EQ(s.edge_name_or_index.plain().width(), every == 7 ? 4u : 3u);
    size_t wrong = 0;
    for (EdgeIndex e = 0; e < s.edge_count(); ++e) {
      wrong += s.edge_name_or_index[e] != name_of(e, every) || s.edge_type(e) != kElement ||
               s.edge_to(e) != base_edges[e % 22 * 3 + 2] / 7;
    }
    EXPECT_EQ(wrong, 0u);
  }
}

// Errors in chunks after the first, while later chunks are still being parsed: the first error
// in file order is the one reported, with its exact index, and no worker is left reading a
// buffer the reader has given up (the sanitizer build checks that).
TEST(LoadErrors, FirstErrorInFileOrderWinsAcrossChunks) {
  constexpr uint32_t kRows = 900000;  // about 17 MB of locations: five chunks
  std::vector<std::string> values;
  values.reserve(size_t{kRows} * 4);
  for (uint32_t r = 0; r < kRows; ++r) {
    for (const uint32_t v : {(r % 15) * 7, r, r / 2, r / 3}) values.push_back(std::to_string(v));
  }
  const auto joined = [&](size_t bad_at, std::string_view bad, size_t later_at,
                          std::string_view later) {
    std::string text;
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) text += ',';
      text += i == bad_at ? bad : i == later_at ? later : std::string_view(values[i]);
    }
    return with_locations(text);
  };
  EXPECT_LOAD_ERROR("chunks-two-errors.heapsnapshot", joined(2000001, "x", 3400001, "-1"),
                    kBadNumber, "locations[2000001]: expected an unsigned integer, found 'x'");
  EXPECT_LOAD_ERROR("chunks-last-error.heapsnapshot", joined(3599999, "-1", 0, "0"), kBadNumber,
                    "locations[3599999]: negative number");
  // The reader itself fails (the array is never closed) with chunks in flight; the last value,
  // with nothing after it, may be cut short, so it does not count as read.
  const std::string open = joined(values.size(), "", values.size(), "");
  EXPECT_LOAD_ERROR("chunks-open.heapsnapshot",
                    open.substr(0, open.rfind(']', open.find("\"strings\""))), kTruncated,
                    "the \"locations\" array is not closed (3599999 elements read)");
}

// Strings over several chunks share the section's parsers: a bad string in a late chunk is
// reported with its own index, and the strings before it loaded into the right slots.
TEST(LoadErrors, StringsOverManyChunksReuseParsersAndReportTheirOwnIndex) {
  constexpr size_t kExtra = 400000;  // about 10 MB of strings: three chunks
  const auto with_strings = [](std::string_view bad, size_t bad_at) {
    std::string extra;
    for (size_t i = 0; i < kExtra; ++i) {
      extra += i == bad_at ? std::string(bad) : fmt::format("\"string number {:07}\"", i);
      extra += ',';
    }
    return replaced(case1(), "\"strings\":[", "\"strings\":[" + extra);
  };
  const LoadedSnapshot loaded = load_ok("many-strings.heapsnapshot", with_strings("", kExtra));
  const Snapshot& s = loaded.snapshot;
  ASSERT_GT(s.strings.size(), kExtra);
  for (const size_t i : {size_t{0}, size_t{170000}, size_t{333333}, kExtra - 1}) {
    EXPECT_EQ(s.strings[i], fmt::format("string number {:07}", i));
  }
  EXPECT_LOAD_ERROR("strings-bad-utf8.heapsnapshot", with_strings("\"bad \xff byte\"", 350001),
                    kBadString, "strings[350001]: invalid UTF-8");
}

}  // namespace
}  // namespace heapleak
