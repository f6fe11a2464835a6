#include "heapleak/analysis/essential_edges.h"

#include "heapleak/analysis/weakmap_edge.h"

namespace heapleak {

BitSet compute_essential_edges(const Snapshot& s, const BitSet& page_owned) {
  BitSet essential = compute_essential_edges_but_page_rule(s);
  drop_edges_into_page(s, page_owned, essential);
  return essential;
}

BitSet compute_essential_edges_but_page_rule(const Snapshot& s) {
  BitSet essential(s.edge_count());
  const EdgeTypeCodes& types = s.meta.edge_types;
  const NodeOrdinal root = s.root();
  const WeakMapEdgeNames weakmap_names(s, WeakMapEdgeNames::Pairs::kUnnumbered);
  for (NodeOrdinal u = 0; u < s.node_count(); ++u) {
    for (EdgeIndex e = s.first_edge[u]; e < s.first_edge[u + 1]; ++e) {
      const uint8_t type = s.edge_type(e);
      if (type == types.weak || s.edge_to(e) == u) continue;
      if (u != root && type == types.shortcut) continue;
      const auto weakmap = weakmap_names.of_edge(e);  // only internal edges can match
      if (weakmap && weakmap->table_id == s.node_id[u]) continue;
      essential.set(e);
    }
  }
  return essential;
}

void drop_edges_into_page(const Snapshot& s, const BitSet& page_owned, BitSet& essential) {
  const NodeOrdinal root = s.root();
  // The rule only starts at nodes that are not page-owned.
  for (size_t u = page_owned.find_next(0, false); u < s.node_count();
       u = page_owned.find_next(u + 1, false)) {
    if (u == root) continue;
    for (EdgeIndex e = s.first_edge[u]; e < s.first_edge[u + 1]; ++e) {
      if (page_owned.test(s.edge_to(e))) essential.reset(e);
    }
  }
}

}  // namespace heapleak
