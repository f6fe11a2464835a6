#include "heapleak/diff/id_index.h"

#include <algorithm>

#include "heapleak/core/radix_sort.h"

namespace heapleak {

IdIndex IdIndex::build(const Snapshot& s) {
  IdIndex index;
  index.entries_ = PodArray<uint64_t>(s.node_count());
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
    index.entries_[i] = uint64_t{s.node_id[i]} << 32 | i;
  }
  // V8 lists nodes in traversal order, so ids arrive far from sorted.
  if (!std::is_sorted(index.entries_.begin(), index.entries_.end())) {
    PodArray<uint64_t> scratch(index.entries_.size());
    radix_sort(index.entries_.span(), scratch.span(), 32,
               [](uint64_t entry) { return entry >> 32; });
  }
  return index;
}

NodeOrdinal IdIndex::find(NodeId id) const {
  const uint64_t lowest = uint64_t{id} << 32;
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), lowest);
  if (it == entries_.end() || (*it >> 32) != id) return kNoNode;
  return static_cast<NodeOrdinal>(*it);
}

}  // namespace heapleak
