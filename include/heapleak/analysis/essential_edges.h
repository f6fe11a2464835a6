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

// The same in two steps, so that the pass over every edge (rules 1-4) can run while the
// page-owned walk is still going: rule 5 only concerns the edges of nodes that are not
// page-owned, which are few (a few thousand of 8 M in a Node heap).
BitSet compute_essential_edges_but_page_rule(const Snapshot& s);
void drop_edges_into_page(const Snapshot& s, const BitSet& page_owned, BitSet& essential);

}  // namespace heapleak
