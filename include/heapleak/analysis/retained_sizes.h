// Retained sizes (reference 2.9): a node's self size plus the retained sizes of the nodes it
// immediately dominates. Nodes that nothing reaches count towards the root, so
// retained(root) is the sum of every self size.
#pragma once

#include <cstdint>

#include "heapleak/analysis/dominator_tree.h"

namespace heapleak {

PodArray<uint64_t> compute_retained_sizes(const DominatorTree& tree, const SelfSizes& self_sizes);

}  // namespace heapleak
