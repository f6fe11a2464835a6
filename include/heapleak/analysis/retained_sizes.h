// Retained sizes (reference 2.9): a node's self size plus the retained sizes of the nodes it
// immediately dominates. Nodes that nothing reaches count towards the root, so
// retained(root) is the sum of every self size.
#pragma once

#include <cstdint>

#include "heapleak/analysis/dominator_tree.h"

namespace heapleak {

// Four bytes a node: only nodes retaining 4 GB or more (a handful near the root of a heap that
// large) go to the side table. (Unlike the self sizes, they are too varied for a dictionary.)
using RetainedSizes = NarrowColumn<uint64_t>;

RetainedSizes compute_retained_sizes(const DominatorTree& tree, const SelfSizes& self_sizes);

}  // namespace heapleak
