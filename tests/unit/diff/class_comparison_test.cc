// DevTools' Comparison on the reference's case B (section 5.3): base case1, current case2.
// Expected rows are the reference's table, verified there against calculateSnapshotDiff.
#include "heapleak/diff/class_comparison.h"

#include <gtest/gtest.h>

#include "heapleak/analysis/heap_analysis.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

using namespace heapleak::testing;

struct Side {
  Snapshot s;
  HeapAnalysis a;
  ClassRows rows;
  IdIndex ids;
};

Side prepare(std::string_view fixture, const std::vector<InterfaceDefinition>* defs,
             AnalysisScope scope) {
  Side side{load_fixture(fixture), {}, {}, {}};
  AnalysisOptions options;
  options.scope = scope;
  options.interface_definitions = defs;
  side.a = HeapAnalysis::run(side.s, options);
  side.rows = group_class_rows(side.s, side.a.classes);
  side.ids = IdIndex::build(side.s);
  return side;
}

const ClassDiffRow* row(const ClassComparison& c, std::string_view key) {
  for (const ClassDiffRow& r : c.rows) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

TEST(ClassComparison, ReferenceCaseB) {
  Side current = prepare("tiny/case2.heapsnapshot", nullptr, AnalysisScope::kFull);
  const auto defs = current.a.classes.interface_definitions();
  Side base = prepare("tiny/case1.heapsnapshot", &defs, AnalysisScope::kClassesOnly);
  const ClassComparison c =
      compare_classes({base.s, base.a.classes, base.rows, base.ids},
                      {current.s, current.a.classes, current.rows, current.ids}, &current.a);
  ASSERT_EQ(c.rows.size(), 3u);
  const ClassDiffRow* app = row(c, ",App");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->name, "App");
  EXPECT_EQ(app->new_count, 1u);
  EXPECT_EQ(app->deleted_count, 0u);
  EXPECT_EQ(app->alloc_size, 32u);
  EXPECT_EQ(app->freed_size, 0u);
  // By hand: the new App @31 (32 bytes) alone holds the new string "world" @33 (20 bytes).
  EXPECT_EQ(app->new_retained_size, 52u);
  const ClassDiffRow* str = row(c, ",(string)");
  ASSERT_NE(str, nullptr);
  EXPECT_EQ(str->new_count, 1u);
  EXPECT_EQ(str->alloc_size, 20u);
  EXPECT_EQ(str->new_retained_size, 0u);  // inside the new App
  const ClassDiffRow* cache = row(c, ",Cache");
  ASSERT_NE(cache, nullptr);
  EXPECT_EQ(cache->new_count, 0u);
  EXPECT_EQ(cache->deleted_count, 1u);
  EXPECT_EQ(cache->freed_size, 48u);
  EXPECT_EQ(cache->count_delta(), -1);
  EXPECT_EQ(cache->size_delta(), -48);
  // The new-node set is exactly @31 and @33.
  std::vector<NodeId> new_ids;
  for (NodeOrdinal n = 0; n < current.s.node_count(); ++n) {
    if (c.new_nodes.test(n)) new_ids.push_back(current.s.node_id[n]);
  }
  std::sort(new_ids.begin(), new_ids.end());
  EXPECT_EQ(new_ids, (std::vector<NodeId>{31, 33}));
}

TEST(ClassComparison, SnapshotAgainstItselfHasNoRows) {
  Side a = prepare("tiny/case1.heapsnapshot", nullptr, AnalysisScope::kFull);
  Side b = prepare("tiny/case1.heapsnapshot", nullptr, AnalysisScope::kFull);
  const ClassComparison c =
      compare_classes({a.s, a.a.classes, a.rows, a.ids}, {b.s, b.a.classes, b.rows, b.ids}, &b.a);
  EXPECT_TRUE(c.rows.empty());
}

}  // namespace
}  // namespace heapleak
