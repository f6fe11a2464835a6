// DevTools' Comparison view (reference section 4, `calculateSnapshotDiff`): objects matched by
// class key and id between a base and a current snapshot. Per class: new and deleted counts
// and their self sizes. Beyond DevTools, the retained size of the new objects that no other
// new object dominates: what the growth costs, each byte counted once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapleak/analysis/class_rows.h"
#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/core/bit_set.h"
#include "heapleak/diff/id_index.h"

namespace heapleak {

struct ClassDiffRow {
  std::string key;   // DevTools class key
  std::string name;  // class name
  uint64_t new_count = 0;
  uint64_t deleted_count = 0;
  uint64_t alloc_size = 0;         // self sizes of the new objects
  uint64_t freed_size = 0;         // self sizes of the deleted objects
  uint64_t new_retained_size = 0;  // retained by new objects not dominated by a new object
  int64_t count_delta() const {
    return static_cast<int64_t>(new_count) - static_cast<int64_t>(deleted_count);
  }
  int64_t size_delta() const {
    return static_cast<int64_t>(alloc_size) - static_cast<int64_t>(freed_size);
  }
};

// One side of a comparison: a snapshot with its class rows and id order.
struct ComparedSnapshot {
  const Snapshot& snapshot;
  const ClassNames& classes;
  const ClassRows& rows;
  const IdIndex& ids;
};

struct ClassComparison {
  std::vector<ClassDiffRow> rows;  // only classes with new or deleted objects
  BitSet new_nodes;                // current-snapshot nodes counted as new
  // Row of `rows` for each current class row (kNoClassRow when the class had no change).
  std::vector<uint32_t> row_of_current;
};

// The base must have been classified with the current snapshot's interface definitions.
// `current_analysis` (full, of the current snapshot) fills new_retained_size; without it the
// column stays 0.
ClassComparison compare_classes(const ComparedSnapshot& base, const ComparedSnapshot& current,
                                const HeapAnalysis* current_analysis);

}  // namespace heapleak
