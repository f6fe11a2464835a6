// DevTools' page-owned flag (reference 2.5, `markPageOwnedNodes`): what the page itself holds.
// Entry points are the targets of the root's shortcut edges (the globals, in older shapes) and
// the `(Document DOM trees)` node under an element edge of the root; from there every edge but
// `weak` is followed. Snapshots without such root edges have no page-owned node at all.
#pragma once

#include "heapleak/core/bit_set.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

BitSet compute_page_owned(const Snapshot& s);

}  // namespace heapleak
