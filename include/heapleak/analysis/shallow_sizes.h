// DevTools' self-size reassignment (reference 2.7, `JSHeapSnapshot.calculateShallowSizes`):
// arrays, hidden nodes and external string data that belong to exactly one owner are counted
// in that owner's self size (an Array shows 16 + its 64-byte elements store, the store 0).
// Every later number (retained sizes, aggregates, diffs) uses the reassigned sizes.
#pragma once

#include "heapleak/analysis/detachedness.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

// Rewrites s.node_self_size in place (nothing moves when the snapshot has no user roots), then
// compacts it: the sizes are final from here on. Returns the number of nodes whose size moved
// to an owner.
uint32_t reassign_shallow_sizes(Snapshot& s, const Detachedness& detachedness);

}  // namespace heapleak
