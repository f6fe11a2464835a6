#include "heapleak/diff/id_overlap.h"

#include <algorithm>

namespace heapleak {

IdOverlap measure_id_overlap(const Snapshot& a, const IdIndex& a_ids, const Snapshot& b,
                             const IdIndex& b_ids) {
  IdOverlap overlap;
  overlap.smaller_side = std::min(a.node_count(), b.node_count());
  size_t i = 0, j = 0;
  while (i < a_ids.size() && j < b_ids.size()) {
    if (a_ids.id(i) < b_ids.id(j)) {
      ++i;
    } else if (b_ids.id(j) < a_ids.id(i)) {
      ++j;
    } else {
      const NodeOrdinal x = a_ids.ordinal(i++), y = b_ids.ordinal(j++);
      if (a.node_type[x] == a.meta.node_types.synthetic) continue;
      ++overlap.shared;
      if (a.node_type_name(x) == b.node_type_name(y) && a.node_name_text(x) == b.node_name_text(y))
        ++overlap.consistent;
    }
  }
  return overlap;
}

}  // namespace heapleak
