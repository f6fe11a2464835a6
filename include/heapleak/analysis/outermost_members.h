// The members of a node set that no other member dominates (memlab's "dominator nodes" of a
// set). Their retained sizes add up without counting anything twice, which is what "how much
// would I get back if this set went away" means: a leaked object's children are already in
// its own retained size.
#pragma once

#include "heapleak/core/bit_set.h"
#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

// `idom[n]` is n's immediate dominator and idom[root] == root. Linear: each node's answer is
// found once, by walking up until a node whose answer is known.
BitSet outermost_members(const PodArray<NodeOrdinal>& idom, NodeOrdinal root,
                         const BitSet& members);

}  // namespace heapleak
