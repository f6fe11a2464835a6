// The essential-edge rules applied in two steps (rules 1-4, then rule 5 once the page-owned
// flags are known), on reference case D (5.5), worked out by hand from its edge list.
#include "heapleak/analysis/essential_edges.h"

#include <gtest/gtest.h>

#include "heapleak/analysis/page_owned.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

TEST(EssentialEdges, PageRuleDropsOnlyEdgesFromOutsideThePageIntoIt) {
  const Snapshot s = testing::load_fixture("tiny/case5.heapsnapshot");
  // Owned: what the root's element edge into "(Document DOM trees)" (ordinal 3) reaches:
  // the document, the div, its wrapper, the span and the text node.
  const BitSet owned = compute_page_owned(s);
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) EXPECT_EQ(owned.test(n), n >= 3) << n;

  // No weak, shortcut, self or WeakMap edges: rules 1-4 keep all eleven.
  BitSet essential = compute_essential_edges_but_page_rule(s);
  ASSERT_EQ(s.edge_count(), 11u);
  for (EdgeIndex e = 0; e < s.edge_count(); ++e) EXPECT_TRUE(essential.test(e)) << e;

  // Rule 5: "(Global handles)" (ordinal 2, not owned) holds the div and the span (edges 3 and
  // 4); the root's own edges stay.
  drop_edges_into_page(s, owned, essential);
  for (EdgeIndex e = 0; e < s.edge_count(); ++e) {
    EXPECT_EQ(essential.test(e), e != 3 && e != 4) << e;
  }
  const BitSet at_once = compute_essential_edges(s, owned);
  for (EdgeIndex e = 0; e < s.edge_count(); ++e) EXPECT_EQ(at_once.test(e), essential.test(e));
}

}  // namespace
}  // namespace heapleak
