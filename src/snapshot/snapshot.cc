#include "heapleak/snapshot/snapshot.h"

#include <algorithm>

namespace heapleak {

void StringTable::append_block(std::string_view bytes, const std::vector<uint64_t>& lengths) {
  if (offsets_.size() == 0) offsets_.push_back(0);
  uint64_t offset = arena_.size();
  arena_.append(bytes.data(), bytes.size());
  for (uint64_t len : lengths) {
    offset += len;
    offsets_.push_back(offset);
  }
}

std::string Snapshot::edge_name_text(EdgeIndex e) const {
  if (edge_has_string_name(e)) return std::string(strings[edge_name_or_index[e]]);
  return std::to_string(edge_name_or_index[e]);
}

NodeOrdinal Snapshot::edge_source(EdgeIndex e) const {
  // The last node whose first edge is <= e and that has edges.
  auto it = std::upper_bound(first_edge.begin(), first_edge.end(), e);
  return static_cast<NodeOrdinal>(it - first_edge.begin()) - 1;
}

const Location* Snapshot::location_of(NodeOrdinal n) const {
  auto it = std::lower_bound(locations.begin(), locations.end(), n,
                             [](const Location& l, NodeOrdinal v) { return l.node < v; });
  return it != locations.end() && it->node == n ? &*it : nullptr;
}

size_t Snapshot::memory_bytes() const {
  return node_type.memory_bytes() + node_name.memory_bytes() + node_id.memory_bytes() +
         node_self_size.memory_bytes() + node_trace_id.memory_bytes() +
         node_detachedness.memory_bytes() + first_edge.memory_bytes() +
         edge_target_and_type.memory_bytes() + edge_name_or_index.memory_bytes() +
         strings.memory_bytes() + locations.capacity() * sizeof(Location);
}

}  // namespace heapleak
