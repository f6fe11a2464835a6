#include "heapleak/analysis/retained_sizes.h"

#include <algorithm>

namespace heapleak {

PodArray<uint64_t> compute_retained_sizes(const DominatorTree& tree,
                                          std::span<const uint64_t> self_sizes) {
  PodArray<uint64_t> retained(self_sizes.size());
  std::copy(self_sizes.begin(), self_sizes.end(), retained.begin());
  if (tree.order.empty()) return retained;
  const NodeOrdinal root = tree.order[0];
  // Backwards over `order` every node comes before its dominator.
  for (size_t i = tree.order.size(); i-- > 1;) {
    const NodeOrdinal node = tree.order[i];
    if (node != root) retained[tree.idom[node]] += retained[node];
  }
  return retained;
}

}  // namespace heapleak
