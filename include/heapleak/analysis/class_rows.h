// Grouping nodes by DevTools class key (reference 2.11, 2.12): the rows of the Summary and
// Comparison views. Only nodes with a non-zero self size belong to a row, as in DevTools'
// aggregates; the key adds the constructor location for `object` nodes that have one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapleak/analysis/class_names.h"
#include "heapleak/snapshot/dictionary_column.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

inline constexpr uint32_t kNoClassRow = UINT32_MAX;

struct ClassRows {
  // Row of node n, or kNoClassRow (self size 0).
  uint32_t row_of(NodeOrdinal n) const { return row_plus_one[n] - 1; }
  // row + 1, so that "no row" (0) is among the values the dictionary form gives a byte: a few
  // hundred rows hold most nodes, as a few classes do.
  DictionaryColumn<PodArray<uint32_t>> row_plus_one;
  std::vector<std::string> keys;      // DevTools class key per row: "script,line,col,Name"
  std::vector<ClassIndex> row_class;  // class name index per row
  size_t size() const { return keys.size(); }
};

ClassRows group_class_rows(const Snapshot& s, const ClassNames& classes);

}  // namespace heapleak
