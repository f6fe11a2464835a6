#include "heapleak/analysis/class_rows.h"

#include <unordered_map>

namespace heapleak {
namespace {

struct ClassKey {
  ClassIndex cls;
  uint32_t script_id, line, column;
  bool located;
  bool operator==(const ClassKey&) const = default;
};
struct ClassKeyHash {
  size_t operator()(const ClassKey& k) const {
    uint64_t h = k.cls * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t{k.script_id} << 1) * 0xC2B2AE3D27D4EB4Full;
    h ^= (uint64_t{k.line} << 20 | k.column) * 0x165667B19E3779F9ull;
    return static_cast<size_t>(h ^ (h >> 29) ^ k.located);
  }
};

}  // namespace

ClassRows group_class_rows(const Snapshot& s, const ClassNames& classes) {
  ClassRows rows;
  rows.node_row = PodArray<uint32_t>(s.node_count());
  std::unordered_map<ClassKey, uint32_t, ClassKeyHash> row_of;
  const uint8_t object = s.meta.node_types.object;
  auto location = s.locations.begin();
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
    rows.node_row[i] = kNoClassRow;
    while (location != s.locations.end() && location->node < i) ++location;
    if (s.node_self_size[i] == 0) continue;
    ClassKey key{classes.class_of(i), 0, 0, 0, false};
    if (s.node_type[i] == object && location != s.locations.end() && location->node == i) {
      key = {key.cls, location->script_id, location->line, location->column, true};
    }
    auto [it, inserted] = row_of.try_emplace(key, static_cast<uint32_t>(rows.keys.size()));
    if (inserted) {
      rows.keys.push_back(classes.class_key(s, i));
      rows.row_class.push_back(key.cls);
    }
    rows.node_row[i] = it->second;
  }
  return rows;
}

}  // namespace heapleak
