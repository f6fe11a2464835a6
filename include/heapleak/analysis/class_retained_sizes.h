// DevTools' per-class retained size (reference 2.12, `calculateClassesRetainedSize`): walking
// the dominator tree from the root, an instance adds its retained size unless an instance of
// the same class above it in the tree already did, so nothing is counted twice.
#pragma once

#include <cstdint>
#include <vector>

#include "heapleak/analysis/heap_analysis.h"

namespace heapleak {

// One sum per row of `a.class_rows` (nodes outside every row, with self size 0, add nothing).
// Walks `a.dominator_children` when the analysis built them, else builds them first.
std::vector<uint64_t> class_retained_sizes(const Snapshot& s, const HeapAnalysis& a);

}  // namespace heapleak
