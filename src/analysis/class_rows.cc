#include "heapleak/analysis/class_rows.h"

#include <unordered_map>

namespace heapleak {
namespace {

// The key of a node with a constructor location (nodes without one are keyed by class alone).
struct ClassKey {
  ClassIndex cls;
  uint32_t script_id, line, column;
  bool operator==(const ClassKey&) const = default;
};
struct ClassKeyHash {
  size_t operator()(const ClassKey& k) const {
    uint64_t h = k.cls * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t{k.script_id} << 1) * 0xC2B2AE3D27D4EB4Full;
    h ^= (uint64_t{k.line} << 20 | k.column) * 0x165667B19E3779F9ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

}  // namespace

ClassRows group_class_rows(const Snapshot& s, const ClassNames& classes) {
  ClassRows rows;
  PodArray<uint32_t>& row_plus_one = rows.row_plus_one.plain();
  row_plus_one = PodArray<uint32_t>(s.node_count());
  // Most nodes have no location, so their row depends on the class alone: a table indexed by
  // class spares them the hash lookup.
  std::vector<uint32_t> unlocated_row(classes.class_count(), kNoClassRow);
  std::unordered_map<ClassKey, uint32_t, ClassKeyHash> located_row;
  const auto new_row = [&](NodeOrdinal i, ClassIndex cls) {
    rows.keys.push_back(classes.class_key(s, i));
    rows.row_class.push_back(cls);
    return static_cast<uint32_t>(rows.keys.size() - 1);
  };
  const uint8_t object = s.meta.node_types.object;
  auto location = s.locations.begin();
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
    row_plus_one[i] = 0;
    while (location != s.locations.end() && location->node < i) ++location;
    if (s.node_self_size[i] == 0) continue;
    const ClassIndex cls = classes.class_of(i);
    if (s.node_type[i] == object && location != s.locations.end() && location->node == i) {
      const ClassKey key{cls, location->script_id, location->line, location->column};
      auto [it, inserted] = located_row.try_emplace(key, kNoClassRow);
      if (inserted) it->second = new_row(i, cls);
      row_plus_one[i] = it->second + 1;
    } else {
      if (unlocated_row[cls] == kNoClassRow) unlocated_row[cls] = new_row(i, cls);
      row_plus_one[i] = unlocated_row[cls] + 1;
    }
  }
  rows.row_plus_one.compact();
  return rows;
}

}  // namespace heapleak
