#include "heapleak/analysis/page_owned.h"

#include <vector>

namespace heapleak {

BitSet compute_page_owned(const Snapshot& s) {
  BitSet owned(s.node_count());
  const EdgeTypeCodes& types = s.meta.edge_types;
  std::vector<NodeOrdinal> stack;
  const NodeOrdinal root = s.root();
  for (EdgeIndex e = s.first_edge[root]; e < s.first_edge[root + 1]; ++e) {
    const NodeOrdinal child = s.edge_to(e);
    const uint8_t type = s.edge_type(e);
    const bool dom_trees = type == types.element &&
                           s.node_type[child] == s.meta.node_types.synthetic &&
                           s.node_name_text(child) == "(Document DOM trees)";
    if (type != types.shortcut && !dom_trees) continue;
    owned.set(child);
    stack.push_back(child);
  }
  while (!stack.empty()) {
    const NodeOrdinal node = stack.back();
    stack.pop_back();
    for (EdgeIndex e = s.first_edge[node]; e < s.first_edge[node + 1]; ++e) {
      const NodeOrdinal child = s.edge_to(e);
      if (owned.test(child) || s.edge_type(e) == types.weak) continue;
      owned.set(child);
      stack.push_back(child);
    }
  }
  return owned;
}

}  // namespace heapleak
