// Distances from the GC roots exactly as DevTools computes them (reference 2.10;
// `HeapSnapshot.calculateDistances`, `bfs`, `JSHeapSnapshot.calculateDistances`):
//  1. a BFS from the user roots (distance 1), then
//  2. a BFS from the root (distance 100000000 when there were user roots, else 0), keeping
//     what pass 1 set, so objects only the system holds end up at 100000001 and above.
// Weak edges are never followed; nodes reached by none keep -5. A filter skips
// `sloppy_function_map` of a hidden NativeContext, descriptor links of `(map descriptors)`
// arrays, and the first-met edge of each WeakMap ephemeron pair, so a WeakMap value's distance
// is max(key, table) + 1.
#pragma once

#include <cstdint>

#include "heapleak/analysis/distance_column.h"
#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

inline constexpr EdgeIndex kNoEdge = UINT32_MAX;

struct Distances {
  DistanceColumn distance;
  // When requested: the edge each node was first reached by (a shortest-path tree from the
  // roots), kNoEdge for the BFS starts and for nodes never reached.
  PodArray<EdgeIndex> parent_edge;
};

Distances compute_distances(const Snapshot& s, bool record_parent_edges);

}  // namespace heapleak
