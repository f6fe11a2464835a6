#include "heapleak/report/summary.h"

#include <algorithm>
#include <unordered_map>

#include "heapleak/analysis/class_names.h"
#include "heapleak/analysis/detachedness.h"

namespace heapleak {
namespace {

// Aggregation key: class index plus the constructor location for located object nodes.
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

std::vector<ClassRow> top_rows(std::vector<ClassRow> rows, size_t top, bool by_count) {
  const auto better = [by_count](const ClassRow& a, const ClassRow& b) {
    const auto ka = by_count ? a.count : a.self_size;
    const auto kb = by_count ? b.count : b.self_size;
    if (ka != kb) return ka > kb;
    return a.key < b.key;
  };
  const size_t keep = std::min(top, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(keep), rows.end(),
                    better);
  rows.resize(keep);
  return rows;
}

}  // namespace

SummaryReport build_summary(const LoadedSnapshot& loaded, size_t top) {
  const Snapshot& s = loaded.snapshot;
  SummaryReport r;
  r.input = loaded.info;
  r.shape = detect_shape(s);
  r.node_count = s.node_count();
  r.edge_count = s.edge_count();
  r.string_count = s.strings.size();
  r.location_count = s.locations.size();
  r.extra_native_bytes = s.meta.extra_native_bytes;

  const Detachedness dom = Detachedness::compute(s);
  const ClassNames classes = ClassNames::compute(s, dom);
  r.class_count = classes.class_count();
  r.interface_count = classes.interface_definitions().size();

  std::vector<TypeRow> types(s.meta.node_type_names.size());
  for (size_t t = 0; t < types.size(); ++t) types[t].type = s.meta.node_type_names[t];
  std::unordered_map<ClassKey, size_t, ClassKeyHash> row_of;
  std::vector<ClassRow> rows;
  const uint8_t object = s.meta.node_types.object;
  auto location = s.locations.begin();
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
    const uint64_t self = s.node_self_size[i];
    TypeRow& type = types[s.node_type[i]];
    ++type.count;
    type.self_size += self;
    r.total_self_size += self;
    if (dom.detached_dom(i)) {
      ++r.detached_native_nodes;
      if (!s.node_name_text(i).starts_with("Node / ")) ++r.detached_dom_nodes;
    }
    while (location != s.locations.end() && location->node < i) ++location;
    if (self == 0) continue;
    ClassKey key{classes.class_of(i), 0, 0, 0, false};
    if (s.node_type[i] == object && location != s.locations.end() && location->node == i) {
      key = {key.cls, location->script_id, location->line, location->column, true};
    }
    auto [it, inserted] = row_of.try_emplace(key, rows.size());
    if (inserted) rows.push_back({classes.name(key.cls), classes.class_key(s, i), 0, 0});
    ClassRow& row = rows[it->second];
    ++row.count;
    row.self_size += self;
  }
  std::erase_if(types, [](const TypeRow& t) { return t.count == 0; });
  std::sort(types.begin(), types.end(), [](const TypeRow& a, const TypeRow& b) {
    return a.self_size != b.self_size ? a.self_size > b.self_size : a.type < b.type;
  });
  r.types = std::move(types);
  r.top_by_count = top_rows(rows, top, true);
  r.top_by_self_size = top_rows(std::move(rows), top, false);
  return r;
}

}  // namespace heapleak
