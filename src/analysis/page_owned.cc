#include "heapleak/analysis/page_owned.h"

namespace heapleak {

BitSet compute_page_owned(const Snapshot& s) {
  BitSet owned(s.node_count());
  const EdgeTypeCodes& types = s.meta.edge_types;
  // Only the reached set matters, so walk breadth-first: V8 numbers nodes roughly in
  // breadth-first order from the roots, which keeps this walk's reads close together. Each
  // node enters the queue once, so it never grows.
  PodArray<NodeOrdinal> queue(s.node_count());
  size_t tail = 0;
  const NodeOrdinal root = s.root();
  for (EdgeIndex e = s.first_edge[root]; e < s.first_edge[root + 1]; ++e) {
    const NodeOrdinal child = s.edge_to(e);
    const uint8_t type = s.edge_type(e);
    const bool dom_trees = type == types.element &&
                           s.node_type[child] == s.meta.node_types.synthetic &&
                           s.node_name_text(child) == "(Document DOM trees)";
    if ((type != types.shortcut && !dom_trees) || owned.test(child)) continue;
    owned.set(child);
    queue[tail++] = child;
  }
  // Nodes wait in the queue long before their turn, so their edge ranges are fetched ahead in
  // two stages: where the edges start far ahead, the first edge words nearer.
  constexpr size_t kFar = 64, kNear = 24;
  for (size_t head = 0; head < tail; ++head) {
    if (head + kFar < tail) __builtin_prefetch(&s.first_edge[queue[head + kFar]]);
    if (head + kNear < tail) {
      __builtin_prefetch(&s.edge_target_and_type[s.first_edge[queue[head + kNear]]]);
    }
    const NodeOrdinal node = queue[head];
    for (EdgeIndex e = s.first_edge[node]; e < s.first_edge[node + 1]; ++e) {
      const NodeOrdinal child = s.edge_to(e);
      if (owned.test(child) || s.edge_type(e) == types.weak) continue;
      owned.set(child);
      queue[tail++] = child;
    }
  }
  return owned;
}

}  // namespace heapleak
