#include "heapleak/analysis/essential_edges.h"

#include "heapleak/analysis/weakmap_edge.h"

namespace heapleak {

BitSet compute_essential_edges(const Snapshot& s, const BitSet& page_owned) {
  BitSet essential(s.edge_count());
  const EdgeTypeCodes& types = s.meta.edge_types;
  const NodeOrdinal root = s.root();
  const WeakMapEdgeNames weakmap_names(s);
  for (NodeOrdinal u = 0; u < s.node_count(); ++u) {
    const bool u_owned = page_owned.test(u);
    for (EdgeIndex e = s.first_edge[u]; e < s.first_edge[u + 1]; ++e) {
      const uint8_t type = s.edge_type(e);
      const NodeOrdinal v = s.edge_to(e);
      if (type == types.weak || u == v) continue;
      if (u != root && (type == types.shortcut || (page_owned.test(v) && !u_owned))) continue;
      const auto weakmap = weakmap_names.of_edge(e);  // only internal edges can match
      if (weakmap && weakmap->table_id == s.node_id[u]) continue;
      essential.set(e);
    }
  }
  return essential;
}

}  // namespace heapleak
