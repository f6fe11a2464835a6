#include "heapleak/analysis/shape.h"

#include <gtest/gtest.h>

#include "heapleak/snapshot/load.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

SnapshotShape shape_of(const std::string& name) {
  auto r = load_snapshot(testing::fixture_path(name));
  EXPECT_TRUE(r.ok()) << r.error().what();
  return detect_shape(r->snapshot);
}

TEST(Shape, UserRootsFollowTheRootsChildren) {
  EXPECT_TRUE(shape_of("tiny/case1.heapsnapshot").has_user_roots);
  EXPECT_FALSE(shape_of("tiny/case1_nouser.heapsnapshot").has_user_roots);
  EXPECT_TRUE(shape_of("tiny/case5.heapsnapshot").has_user_roots);  // (Document DOM trees)
  EXPECT_FALSE(shape_of("tiny/case4.heapsnapshot").has_user_roots);
}

TEST(Shape, ProducersAndLayouts) {
  const auto node = shape_of("node/plain.heapsnapshot.gz");
  EXPECT_EQ(node.producer, "node");
  EXPECT_EQ(node.node_layout, "legacy-7");
  EXPECT_TRUE(node.has_user_roots);
  EXPECT_TRUE(node.root_global_shortcuts);
  const auto internals = shape_of("node/internals.heapsnapshot.gz");
  EXPECT_EQ(internals.producer, "node");
  EXPECT_FALSE(internals.has_user_roots);
  const auto chromium = shape_of("chromium/detached-dom.heapsnapshot.gz");
  EXPECT_EQ(chromium.producer, "chromium");
  EXPECT_EQ(chromium.node_layout, "newest-6");
  EXPECT_TRUE(chromium.newest_v8_fields);
  EXPECT_EQ(shape_of("tiny/case1_fields5.heapsnapshot").node_layout, "old-5");
}

}  // namespace
}  // namespace heapleak
