// The edges that count for dominators and retained sizes (reference 2.6; DevTools
// `computeIsEssentialEdge`). An edge u -> v is left out when it is
//  1. the table side of a WeakMap ephemeron pair (internal, WeakMap name, u is the table),
//  2. weak,
//  3. a self edge,
//  4. a shortcut not from the root (bound arguments and the like),
//  5. from a node that is not page-owned into one that is (u != root): references held by
//     the debugger or by system structures must not change the dominators of page objects.
#pragma once

#include "heapleak/core/bit_set.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

BitSet compute_essential_edges(const Snapshot& s, const BitSet& page_owned);

}  // namespace heapleak
