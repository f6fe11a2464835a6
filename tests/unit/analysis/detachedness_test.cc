// Expected states from the reference's tables (5.1 and 5.5), worked out by hand from
// DevTools' rules and verified there against DevTools' own code.
#include "heapleak/analysis/detachedness.h"

#include <gtest/gtest.h>

#include "heapleak/snapshot/load.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

Snapshot load(const std::string& name) { return testing::load_fixture(name); }

TEST(Detachedness, CaseDAttachedPassWinsAndJsObjectsStopPropagation) {
  const Snapshot s = load("tiny/case5.heapsnapshot");
  const Detachedness d = Detachedness::compute(s);
  // ordinal: 3 (Document DOM trees), 4 HTMLDocument, 5 div, 6 Wrapper, 7 span, 8 Text
  EXPECT_EQ(d.state(3), 0);
  EXPECT_EQ(d.state(4), 1);
  EXPECT_EQ(d.state(5), 1);  // propagated from HTMLDocument
  EXPECT_EQ(d.state(6), 0);  // a JS object never changes
  EXPECT_EQ(d.state(7), 2);
  EXPECT_EQ(d.state(8), 1);  // reached from div (attached) and span (detached): attached first
  EXPECT_TRUE(d.renamed(7));
  EXPECT_FALSE(d.renamed(8));
  EXPECT_TRUE(d.detached_dom(7));
  EXPECT_FALSE(d.detached_dom(6));
}

TEST(Detachedness, CaseAElementEdgePropagatesToText) {
  const Detachedness d = Detachedness::compute(load("tiny/case1.heapsnapshot"));
  EXPECT_EQ(d.state(12), 2);
  EXPECT_EQ(d.state(13), 2);
  EXPECT_TRUE(d.renamed(13));
  EXPECT_EQ(d.state(3), 0);
}

TEST(Detachedness, WithoutTheFieldOnlyDetachedNamesCount) {
  // In the 5-field layout the div is named HTMLDivElement: nothing is detached.
  const Snapshot s = load("tiny/case1_fields5.heapsnapshot");
  const Detachedness d = Detachedness::compute(s);
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) EXPECT_EQ(d.state(i), 0) << i;
}

TEST(Detachedness, ChromiumFixtureHasThePlantedTreeDetached) {
  const Snapshot s = load("chromium/detached-dom.heapsnapshot.gz");
  const Detachedness d = Detachedness::compute(s);
  size_t planted_root = 0;
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
    if (s.node_name_text(i).starts_with("<div id=\"detached-root\"")) {
      ++planted_root;
      EXPECT_TRUE(d.detached_dom(i));
    }
  }
  EXPECT_EQ(planted_root, 1u);
  const Snapshot clean = load("chromium/clean-dom.heapsnapshot.gz");
  const Detachedness dc = Detachedness::compute(clean);
  for (NodeOrdinal i = 0; i < clean.node_count(); ++i) EXPECT_FALSE(dc.detached_dom(i)) << i;
}

}  // namespace
}  // namespace heapleak
