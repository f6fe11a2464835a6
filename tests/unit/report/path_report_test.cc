// Retainer paths as reports show them, on a hand-built linked list: a path in a list keeps its
// two ends, and the multi-line form stays linear in the path's length.
#include "heapleak/report/path_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <sstream>

#include "heapleak/snapshot/load.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

constexpr uint32_t kNodeFields = 7;
constexpr uint32_t kLinks = 100;

// The root -> Link 1 -> Link 2 -> ... -> Link 100, each over a "next" property; node k (the root
// is 0) has id 2k + 1 and self size 16.
std::string linked_list_snapshot() {
  std::string nodes = "9,1,1,0,1,0,0";
  std::string edges;
  for (uint32_t k = 1; k <= kLinks; ++k) {
    nodes += ",3,2," + std::to_string(2 * k + 1) + ",16," + (k < kLinks ? "1" : "0") + ",0,0";
    edges += std::string(k > 1 ? "," : "") + "2,3," + std::to_string(k * kNodeFields);
  }
  return R"({"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],"location_fields":["object_index","script_id","line","column"]},"node_count":)" +
         std::to_string(kLinks + 1) + R"(,"edge_count":)" + std::to_string(kLinks) +
         R"(},"nodes":[)" + nodes + R"(],"edges":[)" + edges +
         R"json(],"locations":[],"strings":["","(root)","Link","next"]})json";
}

class LinkedList : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = load_snapshot(testing::write_temp("list.heapsnapshot", linked_list_snapshot()));
    ASSERT_TRUE(r.ok()) << r.error().what();
    loaded_ = std::make_unique<LoadedSnapshot>(std::move(r.value()));
    AnalysisOptions options;
    options.record_parent_edges = true;
    analysis_ = HeapAnalysis::run(loaded_->snapshot, options);
  }
  RetainerPath path_to_last() const {
    const auto path = shortest_retainer_path(loaded_->snapshot, analysis_.distances, kLinks);
    EXPECT_TRUE(path.has_value());
    return path.value_or(RetainerPath{});
  }
  std::unique_ptr<LoadedSnapshot> loaded_;
  HeapAnalysis analysis_;
};

TEST_F(LinkedList, AListedPathKeepsItsFirstAndLastSteps) {
  const std::vector<PathStep> steps =
      describe_path(loaded_->snapshot, analysis_, path_to_last(), kShownPathSteps);
  // 100 steps, from link 1 (the root's child, a user root) to link 100: links 1-8, then 77-100.
  ASSERT_EQ(steps.size(), 32u);
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(steps[i].node.id, 2 * (i + 1) + 1) << i;
  for (uint32_t i = 8; i < 32; ++i) EXPECT_EQ(steps[i].node.id, 2 * (i + 69) + 1) << i;
  for (uint32_t i = 0; i < 32; ++i) EXPECT_EQ(steps[i].elided_before, i == 8 ? 68u : 0u) << i;
  EXPECT_EQ(steps[8].edge, "next");

  JsonWriter w(/*pretty=*/false);
  write_path_json(w, steps);
  EXPECT_NE(w.str().find(R"("id":155,"class":"Link","name":"Link","self_size":16,)"
                         R"("retained_size":384,"distance":77,"elided_before":68})"),
            std::string::npos)
      << w.str();
  EXPECT_EQ(w.str().find("elided_before", w.str().find("elided_before") + 1), std::string::npos);
}

TEST_F(LinkedList, AWholePathIsKeptWhenAsked) {
  const std::vector<PathStep> steps = describe_path(loaded_->snapshot, analysis_, path_to_last());
  ASSERT_EQ(steps.size(), 100u);
  for (uint32_t i = 0; i < kLinks; ++i) {
    EXPECT_EQ(steps[i].node.id, 2 * (i + 1) + 1);
    EXPECT_EQ(steps[i].elided_before, 0u);
  }
}

TEST_F(LinkedList, TheOneLinerLeavesOutTheMiddleOfALongPath) {
  std::string links8 = "Link";
  for (int i = 1; i < 8; ++i) links8 += ".next -> Link";
  std::string links24;
  for (int i = 0; i < 24; ++i) links24 += ".next -> Link";
  // The whole path: steps 8-75 are left out of the line.
  const auto whole = describe_path(loaded_->snapshot, analysis_, path_to_last());
  EXPECT_EQ(path_one_line(whole), links8 + " -> ... 68 more steps ... " + links24);
  // A listed path says the same.
  const auto listed = describe_path(loaded_->snapshot, analysis_, path_to_last(), kShownPathSteps);
  EXPECT_EQ(path_one_line(listed), path_one_line(whole));
}

TEST_F(LinkedList, TheMultiLineFormStopsIndentingDeepSteps) {
  const auto whole = describe_path(loaded_->snapshot, analysis_, path_to_last());
  const std::string text = render_path_text(whole, "  ");
  std::istringstream lines(text);
  std::string line;
  size_t count = 0;
  size_t widest = 0;
  while (std::getline(lines, line)) {
    ++count;
    widest = std::max(widest, line.size());
  }
  EXPECT_EQ(count, 100u);
  // The indent, 16 steps' nesting, the edge padded to 24 columns, the object.
  EXPECT_EQ(text.substr(text.rfind('\n', text.size() - 2) + 1),
            std::string(2 + 32, ' ') + ".next ->" + std::string(16 + 1, ' ') +
                "Link @201  (retains 16 B)\n");
  EXPECT_LE(widest, 2 + 16 * 2 + 60u);

  const auto listed = describe_path(loaded_->snapshot, analysis_, path_to_last(), kShownPathSteps);
  const std::string listed_text = render_path_text(listed, "");
  EXPECT_NE(listed_text.find("\n                ... 68 more steps ...\n"), std::string::npos)
      << listed_text;
}

}  // namespace
}  // namespace heapleak
