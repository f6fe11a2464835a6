// PathKeys against the walks it replaces: for every node, the text of its key is
// normalized_path_text() of its whole shortest path from the last global object on it, the
// console flag says whether any node of the whole path is the DevTools console, the JS flag
// whether the path from the last global has a JS object or closure, the marked flag whether a
// marked node lies strictly inside that path; two nodes share a key exactly when they share
// the text.
#include "heapleak/diff/path_keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include "heapleak/analysis/retainer_paths.h"
#include "heapleak/diff/leak_clusters.h"
#include "heapleak/snapshot/load.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

using namespace heapleak::testing;

bool whole_path_through_console(const Snapshot& s, const RetainerPath& path) {
  const auto console = [&](NodeOrdinal n) {
    return s.node_name_text(n).find("DevTools console") != std::string_view::npos;
  };
  return console(path.start) || std::any_of(path.edges.begin(), path.edges.end(),
                                            [&](EdgeIndex e) { return console(s.edge_to(e)); });
}

struct Counts {
  uint64_t keyed = 0, via_console = 0, held_by_js = 0, marked_inside = 0;
};

// Checks every node, with every third node marked.
Counts check_every_node(const Snapshot& s, const std::string& label) {
  SCOPED_TRACE(label);
  AnalysisOptions options;
  options.record_parent_edges = true;
  const HeapAnalysis a = HeapAnalysis::run(const_cast<Snapshot&>(s), options);
  BitSet marked(s.node_count());
  for (NodeOrdinal n = 0; n < s.node_count(); n += 3) marked.set(n);
  PathKeys keys(s, a, &marked);
  const auto js = [&](NodeOrdinal n) {
    return s.node_type[n] == s.meta.node_types.object ||
           s.node_type[n] == s.meta.node_types.closure;
  };
  Counts counts;
  std::unordered_map<uint32_t, std::string> text_of_key;
  std::unordered_map<std::string, uint32_t> key_of_text;
  std::unordered_map<std::string, uint32_t> number_of_text;
  // From the last node down, so that most walks stop at a node keyed by an earlier one.
  for (NodeOrdinal n = s.node_count(); n-- > 0;) {
    const auto path = shortest_retainer_path(s, a.distances, n);
    const auto key = keys.of(n);
    EXPECT_EQ(path.has_value(), key.has_value()) << "node " << n;
    if (!path || !key) continue;
    ++counts.keyed;
    const RetainerPath shown = from_last_global(s, *path);
    const std::string text = normalized_path_text(s, a.classes, shown);
    EXPECT_EQ(keys.text(key->path), text) << "node " << n;
    const bool console = whole_path_through_console(s, *path);
    EXPECT_EQ(key->via_console, console) << "node " << n;
    counts.via_console += console;
    const bool held = js(shown.start) || std::any_of(shown.edges.begin(), shown.edges.end(),
                                                     [&](EdgeIndex e) { return js(s.edge_to(e)); });
    EXPECT_EQ(key->held_by_js, held) << "node " << n;
    counts.held_by_js += held;
    const bool inside =
        !shown.edges.empty() && std::any_of(shown.edges.begin(), shown.edges.end() - 1,
                                            [&](EdgeIndex e) { return marked.test(s.edge_to(e)); });
    EXPECT_EQ(key->marked_inside, inside) << "node " << n;
    counts.marked_inside += inside;
    // Texts are numbered as first met, and a number stands for its text.
    const auto [number, first] = keys.number_text(key->path);
    EXPECT_EQ(first, number == number_of_text.size()) << "node " << n;
    EXPECT_EQ(number_of_text.try_emplace(text, number).first->second, number) << "node " << n;
    EXPECT_EQ(keys.numbered_text(number), text) << "node " << n;
    EXPECT_EQ(text_of_key.try_emplace(key->path, text).first->second, text) << "node " << n;
    EXPECT_EQ(key_of_text.try_emplace(text, key->path).first->second, key->path) << "node " << n;
  }
  return counts;
}

TEST(PathKeys, AgreeWithWholePathsOnRealSnapshots) {
  for (const char* fixture :
       {"chromium/detached-dom.heapsnapshot.gz", "node/plain.heapsnapshot.gz",
        "node/weakmap.heapsnapshot.gz", "scenarios/cache-leak.s3.heapsnapshot.zst",
        "scenarios/closure-leak.s3.heapsnapshot.zst"}) {
    const Snapshot s = load_fixture(fixture);
    const Counts counts = check_every_node(s, fixture);
    EXPECT_GT(counts.keyed, s.node_count() / 2) << fixture;
    // Neither flag is the same for every node.
    EXPECT_GT(counts.held_by_js, 0u) << fixture;
    EXPECT_LT(counts.held_by_js, counts.keyed) << fixture;
    EXPECT_GT(counts.marked_inside, 0u) << fixture;
    EXPECT_LT(counts.marked_inside, counts.keyed) << fixture;
  }
}

// case1 with its Window named as the DevTools console: what hangs below it is flagged, the GC
// roots are not.
TEST(PathKeys, FlagPathsThroughTheDevToolsConsole) {
  std::string text = read_file(fixture_path("tiny/case1.heapsnapshot"));
  const std::string window = "\"Window / https://a.test\"";
  ASSERT_NE(text.find(window), std::string::npos);
  text.replace(text.find(window), window.size(), "\"Window / https://a.test DevTools console\"");
  auto loaded = load_snapshot(write_temp("console.heapsnapshot", text));
  ASSERT_TRUE(loaded.ok()) << loaded.error().what();
  const Counts counts = check_every_node(loaded->snapshot, "console");
  EXPECT_GT(counts.via_console, 0u);
  EXPECT_LT(counts.via_console, counts.keyed);
}

}  // namespace
}  // namespace heapleak
