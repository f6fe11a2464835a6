// Whole-snapshot consistency checks that need more than one section: the header counts against
// the arrays, edge_count sums, string ids, the root and locations. Also builds first_edge
// (CSR offsets) from the per-node edge counts.
#pragma once

#include <vector>

#include "snapshot/header.h"

namespace heapleak::detail {

struct ArrayLengths {
  uint64_t node_values = 0;
  uint64_t edge_values = 0;
};

void validate_and_index(const ParsedHeader& header, const ArrayLengths& lengths, Snapshot& s);
// Converts raw `locations` values into Location rows (object_index -> node ordinal).
void build_locations(const ParsedHeader& header, const GrowableArray<uint32_t>& values,
                     Snapshot& s);

}  // namespace heapleak::detail
