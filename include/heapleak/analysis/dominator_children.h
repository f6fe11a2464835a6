// The dominator tree's children lists (CSR), for walks from the root down: node n's children
// are children[first_child[n]..first_child[n+1]), in ordinal order.
#pragma once

#include <span>

#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

struct DominatorChildren {
  PodArray<uint32_t> first_child;  // node_count + 1 entries; empty when not built
  PodArray<NodeOrdinal> children;

  bool empty() const { return first_child.empty(); }
  std::span<const NodeOrdinal> of(NodeOrdinal n) const {
    return {children.data() + first_child[n], first_child[n + 1] - first_child[n]};
  }
};

// `idom[root] == root`; every other node is a child of its idom.
DominatorChildren build_dominator_children(std::span<const NodeOrdinal> idom, NodeOrdinal root);

}  // namespace heapleak
