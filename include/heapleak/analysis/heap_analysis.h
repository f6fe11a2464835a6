// Everything DevTools derives from a snapshot, computed in DevTools' order (reference 2.1):
// detachedness and renaming, page-owned flags, essential edges, self-size reassignment,
// dominators, retained sizes, distances, class names. The snapshot's self sizes are rewritten
// in place (2.7), as DevTools does, so every later number agrees with it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapleak/analysis/class_names.h"
#include "heapleak/analysis/class_rows.h"
#include "heapleak/analysis/detachedness.h"
#include "heapleak/analysis/distances.h"
#include "heapleak/analysis/dominator_children.h"
#include "heapleak/analysis/retained_sizes.h"
#include "heapleak/core/progress.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

// How much of the pipeline to run. A diff's base snapshot only needs what DevTools' Comparison
// view reads (class keys and reassigned self sizes), not its dominators or distances.
enum class AnalysisScope { kFull, kClassesOnly };

struct AnalysisOptions {
  AnalysisScope scope = AnalysisScope::kFull;
  // Keep each node's BFS parent edge, which retainer paths need (4 bytes per node).
  bool record_parent_edges = false;
  // Build the dominator tree's children lists (8 bytes per node), which per-class retained
  // sizes walk; on the second thread, beside the retained sizes.
  bool dominator_children = false;
  // Interface definitions to classify with (a diff's base uses the current snapshot's).
  const std::vector<InterfaceDefinition>* interface_definitions = nullptr;
  ProgressFn progress;  // phase names, one call per finished phase
  // Distances and class names run on a second thread beside the dominator work (they read
  // nothing that the self-size reassignment writes), as DevTools' worker does. Off: one thread.
  bool parallel = true;
};

struct PhaseTime {
  std::string phase;
  double seconds = 0;
};

struct HeapAnalysis {
  Detachedness detachedness;
  ClassNames classes;
  ClassRows class_rows;  // DevTools' Summary rows (grouped beside the retained sizes)
  // The rest is empty with AnalysisScope::kClassesOnly.
  PodArray<NodeOrdinal> idom;  // immediate dominator per node; idom[root] == root
  RetainedSizes retained_size;
  DominatorChildren dominator_children;  // empty unless AnalysisOptions::dominator_children
  Distances distances;
  uint32_t reassigned_nodes = 0;   // nodes whose self size moved to their owner
  uint32_t orphan_nodes = 0;       // only weak (non-essential) retainers: dominated by the root
  uint32_t unreachable_nodes = 0;  // not reached from the root even through orphans
  uint64_t total_size = 0;         // retained(root) + extra_native_bytes, as DevTools shows
  std::vector<PhaseTime> timings;  // each phase's own time; parallel phases overlap

  static HeapAnalysis run(Snapshot& s, const AnalysisOptions& options = {});
};

// The order reports list objects in: larger retained size first, then smaller id (stable
// across runs and machines).
struct RetainsMore {
  const Snapshot& s;
  const HeapAnalysis& a;
  bool operator()(NodeOrdinal x, NodeOrdinal y) const {
    if (a.retained_size[x] != a.retained_size[y]) return a.retained_size[x] > a.retained_size[y];
    return s.node_id[x] < s.node_id[y];
  }
};

}  // namespace heapleak
