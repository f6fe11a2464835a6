#include "heapleak/analysis/dominator_children.h"

#include <algorithm>

namespace heapleak {

DominatorChildren build_dominator_children(std::span<const NodeOrdinal> idom, NodeOrdinal root) {
  DominatorChildren tree;
  const uint32_t n = static_cast<uint32_t>(idom.size());
  if (n == 0) return tree;
  tree.first_child = PodArray<uint32_t>(n + 1);
  std::fill(tree.first_child.begin(), tree.first_child.end(), 0);
  for (NodeOrdinal i = 0; i < n; ++i) {
    if (i != root) ++tree.first_child[idom[i]];
  }
  // Running totals make first_child[p] the end of p's group. Filling each group from its end,
  // visiting nodes from the highest ordinal down, leaves the group in ordinal order and
  // first_child[p] at its start, so no second cursor array is needed.
  for (uint32_t i = 1; i <= n; ++i) tree.first_child[i] += tree.first_child[i - 1];
  tree.children = PodArray<NodeOrdinal>(n - 1);
  for (NodeOrdinal i = n; i-- > 0;) {
    if (i != root) tree.children[--tree.first_child[idom[i]]] = i;
  }
  return tree;
}

}  // namespace heapleak
