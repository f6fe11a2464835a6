#include "heapleak/analysis/detachedness.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace heapleak {

Detachedness Detachedness::compute(const Snapshot& s) {
  const uint32_t n = s.node_count();
  const uint8_t native = s.meta.node_types.native;
  Detachedness d;
  d.packed_ = PodArray<uint8_t>((size_t{n} + 1) / 2);
  std::fill(d.packed_.begin(), d.packed_.end(), 0);
  const auto is_native = [&](NodeOrdinal i) { return s.node_type[i] == native; };

  if (!s.meta.has_detachedness) {
    // Old files: the producer already named detached nodes; nothing propagates.
    constexpr std::string_view kPrefix = "Detached ";
    for (uint32_t i = 0; i < n; ++i) {
      d.set_packed(
          i, is_native(i) ? (kNativeBit | (s.node_name_text(i).starts_with(kPrefix) ? 2 : 0)) : 0);
    }
    return d;
  }

  d.renames_ = true;
  for (uint32_t i = 0; i < n; ++i) {
    d.set_packed(i, static_cast<uint8_t>(s.node_detachedness[i] | (is_native(i) ? kNativeBit : 0)));
  }
  std::vector<uint8_t> visited(n, 0);
  std::vector<NodeOrdinal> attached;
  std::vector<NodeOrdinal> detached;
  const auto process = [&](NodeOrdinal node, uint8_t state) {
    if (visited[node]) return;
    visited[node] = 1;
    if (!is_native(node)) return;  // JS objects keep their state and stop the propagation
    d.set_packed(node, kNativeBit | state);
    if (state == 1) attached.push_back(node);
    if (state == 2) detached.push_back(node);
  };
  const uint8_t hidden = s.meta.edge_types.hidden;
  const uint8_t weak = s.meta.edge_types.weak;
  const auto propagate = [&](NodeOrdinal from, uint8_t state) {
    for (EdgeIndex e = s.first_edge[from]; e < s.first_edge[from + 1]; ++e) {
      const uint8_t t = s.edge_type(e);
      if (t == hidden || t == weak) continue;
      process(s.edge_to(e), state);
    }
  };
  for (uint32_t i = 0; i < n; ++i) {
    if (d.state(i) != 0) process(i, d.state(i));
  }
  while (!attached.empty()) {
    const NodeOrdinal node = attached.back();
    attached.pop_back();
    propagate(node, 1);
  }
  while (!detached.empty()) {
    const NodeOrdinal node = detached.back();
    detached.pop_back();
    propagate(node, 2);
  }
  return d;
}

}  // namespace heapleak
