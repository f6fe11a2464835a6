#include "snapshot/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "heapleak/core/radix_sort.h"

namespace heapleak::detail {
namespace {

void check_array_length(std::string_view section, uint64_t values, uint64_t fields,
                        uint64_t header_count, std::string_view header_key) {
  if (values % fields != 0) {
    fail(ErrorCode::kCountMismatch, fmt::format("\"{}\" array", section),
         fmt::format("{} values is not a multiple of the {} fields per entry", values, fields));
  }
  if (values / fields != header_count) {
    fail(ErrorCode::kCountMismatch, fmt::format("\"{}\" array", section),
         fmt::format("snapshot.{} is {} but the array holds {}", header_key, header_count,
                     values / fields));
  }
}

size_t position_of(const std::vector<NodeField>& roles, NodeField f) {
  return static_cast<size_t>(std::find(roles.begin(), roles.end(), f) - roles.begin());
}

}  // namespace

void validate_and_index(const ParsedHeader& header, const ArrayLengths& lengths, Snapshot& s) {
  const auto& m = header.meta;
  const uint64_t node_fields = header.node_roles.size();
  check_array_length("nodes", lengths.node_values, node_fields, m.header_node_count, "node_count");
  check_array_length("edges", lengths.edge_values, header.edge_roles.size(), m.header_edge_count,
                     "edge_count");
  const uint64_t n = m.header_node_count;
  if (n == 0)
    fail(ErrorCode::kEmptySnapshot, "\"nodes\" array", "a snapshot needs at least its root");

  if (header.root_flat_index % node_fields != 0 || header.root_flat_index / node_fields >= n) {
    fail(ErrorCode::kBadIndex, "snapshot.root_index",
         fmt::format("{} is not the flat index of a node", header.root_flat_index));
  }
  s.meta.root = static_cast<NodeOrdinal>(header.root_flat_index / node_fields);

  // first_edge holds per-node edge counts until here; turn it into CSR offsets.
  uint64_t running = 0;
  const uint64_t edges = m.header_edge_count;
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t count = s.first_edge[i];
    s.first_edge[i] = static_cast<EdgeIndex>(std::min<uint64_t>(running, UINT32_MAX));
    running += count;
  }
  if (running != edges) {
    fail(ErrorCode::kCountMismatch, "nodes[*].edge_count",
         fmt::format("the edge counts of the nodes add up to {} but the \"edges\" array holds {}",
                     running, edges));
  }
  s.first_edge[n] = static_cast<EdgeIndex>(edges);

  const uint64_t strings = s.strings.size();
  const size_t name_pos = position_of(header.node_roles, NodeField::kName);
  for (uint64_t i = 0; i < n; ++i) {
    if (s.node_name[i] >= strings) {
      fail(ErrorCode::kBadIndex,
           fmt::format("nodes[{}] (node {} field name)", i * node_fields + name_pos, i),
           fmt::format("string id {} is out of range ({} strings)", s.node_name[i], strings));
    }
  }
  for (uint64_t e = 0; e < edges; ++e) {
    if (s.edge_has_string_name(static_cast<EdgeIndex>(e)) && s.edge_name_or_index[e] >= strings) {
      fail(ErrorCode::kBadIndex,
           fmt::format("edges[{}] (edge {} field name_or_index)", e * header.edge_roles.size() + 1,
                       e),
           fmt::format("string id {} is out of range ({} strings)", s.edge_name_or_index[e],
                       strings));
    }
  }
}

void build_locations(const ParsedHeader& header, const GrowableArray<uint32_t>& values,
                     Snapshot& s) {
  const size_t fields = header.location_roles.size();
  if (fields == 0) {
    if (values.size() != 0) {
      fail(ErrorCode::kBadMeta, "\"locations\" array",
           "has values but meta.location_fields is missing");
    }
    return;
  }
  if (values.size() % fields != 0) {
    fail(ErrorCode::kCountMismatch, "\"locations\" array",
         fmt::format("{} values is not a multiple of the {} location fields", values.size(),
                     fields));
  }
  const uint64_t node_fields = header.node_roles.size();
  const uint64_t n = s.node_count();
  s.locations.reserve(values.size() / fields);
  for (size_t row = 0; row * fields < values.size(); ++row) {
    Location loc{};
    for (size_t f = 0; f < fields; ++f) {
      const uint32_t v = values[row * fields + f];
      switch (header.location_roles[f]) {
        case LocationField::kObjectIndex:
          if (v % node_fields != 0 || v / node_fields >= n) {
            fail(ErrorCode::kBadIndex,
                 fmt::format("locations[{}] (location {} field object_index)", row * fields + f,
                             row),
                 fmt::format("{} is not the flat index of a node", v));
          }
          loc.node = static_cast<NodeOrdinal>(v / node_fields);
          break;
        case LocationField::kScriptId:
          loc.script_id = v;
          break;
        case LocationField::kLine:
          loc.line = v;
          break;
        case LocationField::kColumn:
          loc.column = v;
          break;
        case LocationField::kIgnored:
          break;
      }
    }
    s.locations.push_back(loc);
  }
  // DevTools keys its location map by node, the last row for a node winning.
  // V8 writes them in the order it meets the functions, often not node order (the bench file's
  // 1.3 M are not); a linear sort when needed.
  const auto by_node = [](const Location& a, const Location& b) { return a.node < b.node; };
  if (!std::is_sorted(s.locations.begin(), s.locations.end(), by_node)) {
    std::vector<Location> scratch(s.locations.size());
    radix_sort(std::span(s.locations), std::span(scratch), Snapshot::kEdgeTypeShift,
               [](const Location& l) { return l.node; });
  }
  size_t kept = 0;
  for (size_t i = 0; i < s.locations.size(); ++i) {
    if (kept > 0 && s.locations[kept - 1].node == s.locations[i].node) {
      s.locations[kept - 1] = s.locations[i];
    } else {
      s.locations[kept++] = s.locations[i];
    }
  }
  s.locations.resize(kept);
}

}  // namespace heapleak::detail
