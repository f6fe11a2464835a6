// Leak clusters: leak candidates grouped by how they are held. Each candidate that no other
// candidate dominates is keyed by its shortest retainer path, written with edge names and
// class names and normalized (every run of digits becomes '#', so array indices, ids, ports
// and counters do not split a cluster; a step repeated in a row, as along a linked list, is
// written once). The signature, a hash of that text, is the same in
// every run of the same program, so CI can name a known leak by it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/analysis/retainer_paths.h"
#include "heapleak/core/bit_set.h"

namespace heapleak {

struct LeakCluster {
  std::string signature;        // 16 hex digits
  std::string normalized_path;  // the text the signature hashes
  ClassIndex leaked_class = 0;
  uint64_t count = 0;                    // candidates in the cluster (none dominates another)
  uint64_t retained_size = 0;            // their retained sizes: nothing is counted twice
  NodeOrdinal representative = kNoNode;  // the member retaining the most
  RetainerPath path;                     // the representative's path, root to leak
  std::vector<NodeId> sample_ids;        // a few members, largest first
  std::vector<NodeOrdinal> members;      // every member, largest retained size first
};

struct LeakClusters {
  std::vector<LeakCluster> clusters;  // largest retained size first
  uint64_t dominated = 0;             // candidates inside another candidate's retained size
  uint64_t via_devtools_console = 0;  // dropped: their path runs through the DevTools console
};

// `analysis` must have parent edges recorded (AnalysisOptions::record_parent_edges).
LeakClusters cluster_leaks(const Snapshot& s, const HeapAnalysis& analysis,
                           const BitSet& candidates);

// The normalization applied to names before hashing.
std::string normalize_for_signature(std::string_view text);
// The normalized path text of a retainer path (exposed for tests and reports).
std::string normalized_path_text(const Snapshot& s, const ClassNames& classes,
                                 const RetainerPath& path);
// 16 hex digits of the 64-bit FNV-1a hash of `text`.
std::string signature_of(std::string_view text);

}  // namespace heapleak
