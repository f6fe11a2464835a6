#include "heapleak/analysis/shallow_sizes.h"

#include <vector>

#include "heapleak/analysis/shape.h"

namespace heapleak {

namespace {

uint32_t move_sizes_to_owners(Snapshot& s, const Detachedness& detachedness) {
  constexpr NodeOrdinal kUnvisited = UINT32_MAX;
  constexpr NodeOrdinal kShared = UINT32_MAX - 1;
  const uint32_t n = s.node_count();
  const NodeTypeCodes& types = s.meta.node_types;
  const uint8_t weak = s.meta.edge_types.weak;
  // A node renamed "Detached ..." no longer has the raw name DevTools looks for.
  const auto ownable = [&](NodeOrdinal i) {
    const uint8_t t = s.node_type[i];
    return t == types.hidden || t == types.array ||
           (t == types.native && !detachedness.renamed(i) &&
            s.node_name_text(i) == "system / ExternalStringData");
  };

  PodArray<NodeOrdinal> owner(n);
  for (NodeOrdinal i = 0; i < n; ++i) owner[i] = ownable(i) ? kUnvisited : i;
  // Owners flow along non-weak edges; a node reached from two owners is shared for good. An
  // owner only ever moves from unvisited to one node to shared, so the outcome does not depend
  // on which owner flows first: each one flows on its own, and the work list holds only the
  // ownable nodes it is passing through rather than every node of the snapshot at once.
  std::vector<NodeOrdinal> work;
  for (NodeOrdinal source = 0; source < n; ++source) {
    if (owner[source] != source) continue;
    work.push_back(source);
    while (!work.empty()) {
      const NodeOrdinal node = work.back();
      work.pop_back();
      const NodeOrdinal from = owner[node];
      for (EdgeIndex e = s.first_edge[node]; e < s.first_edge[node + 1]; ++e) {
        if (s.edge_type(e) == weak) continue;
        const NodeOrdinal to = s.edge_to(e);
        const NodeOrdinal current = owner[to];
        if (current == kUnvisited) {
          owner[to] = from;
          work.push_back(to);
        } else if (current != to && current != from && current != kShared) {
          owner[to] = kShared;
          work.push_back(to);
        }
      }
    }
  }
  uint32_t moved = 0;
  NarrowColumn<uint64_t>& sizes = s.node_self_size.plain();
  for (NodeOrdinal i = 0; i < n; ++i) {
    const NodeOrdinal o = owner[i];
    if (o == kUnvisited || o == kShared || o == i) continue;
    if (s.node_type[o] == types.synthetic || o == s.root()) continue;
    sizes.set(o, sizes[o] + sizes[i]);
    sizes.set(i, 0);
    ++moved;
  }
  return moved;
}

}  // namespace

uint32_t reassign_shallow_sizes(Snapshot& s, const Detachedness& detachedness) {
  s.node_self_size.expand();  // a second analysis of the same snapshot finds it compacted
  const uint32_t moved = has_user_roots(s) ? move_sizes_to_owners(s, detachedness) : 0;
  s.node_self_size.compact();
  return moved;
}

}  // namespace heapleak
