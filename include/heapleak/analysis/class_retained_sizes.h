// DevTools' per-class retained size (reference 2.12, `calculateClassesRetainedSize`): walking
// the dominator tree from the root, an instance adds its retained size unless an instance of
// the same class above it in the tree already did, so nothing is counted twice.
#pragma once

#include <cstdint>
#include <vector>

#include "heapleak/analysis/class_rows.h"
#include "heapleak/analysis/heap_analysis.h"

namespace heapleak {

// `node_row[n]` is the class row of node n, or kNoClassRow for nodes outside every row
// (DevTools leaves out nodes with self size 0). Returns one sum per row.
std::vector<uint64_t> class_retained_sizes(const Snapshot& s, const HeapAnalysis& a,
                                           const PodArray<uint32_t>& node_row, size_t row_count);

}  // namespace heapleak
