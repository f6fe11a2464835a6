#include "heapleak/analysis/retained_sizes.h"

namespace heapleak {

RetainedSizes compute_retained_sizes(const DominatorTree& tree, const SelfSizes& self_sizes) {
  const auto n = static_cast<uint32_t>(self_sizes.size());
  RetainedSizes retained(n);
  // Each starts at the self size. Almost all fit a slot and go in through the Writer: set()
  // would first read the slot for a side-table entry to drop, and fresh slots hold nothing yet.
  const RetainedSizes::Writer start = retained.writer();
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t size = self_sizes[i];
    if (start.fits(size)) {
      start.put(i, static_cast<uint32_t>(size));
    } else {
      retained.set(i, size);
    }
  }
  if (tree.order.empty()) return retained;
  const NodeOrdinal root = tree.order[0];
  // Backwards over `order` every node comes before its dominator. Each step reads two random
  // places and updates a third, so they are fetched ahead in two stages: a node's idom and
  // size far ahead, its dominator's size (which needs the idom) nearer.
  constexpr size_t kFar = 96, kNear = 32;
  for (size_t i = tree.order.size(); i-- > 1;) {
    if (i >= kFar) {
      const NodeOrdinal far = tree.order[i - kFar];
      __builtin_prefetch(&tree.idom[far]);
      __builtin_prefetch(retained.slot_address(far));
    }
    if (i >= kNear) __builtin_prefetch(retained.slot_address(tree.idom[tree.order[i - kNear]]));
    const NodeOrdinal node = tree.order[i];
    if (node != root) retained.add(tree.idom[node], retained[node]);
  }
  return retained;
}

}  // namespace heapleak
