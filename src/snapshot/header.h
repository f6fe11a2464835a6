// Parses the `"snapshot": {...}` header object (meta, counts) into SnapshotMeta.
// Field positions and type codes are looked up by name; unknown extra fields and types are kept.
#pragma once

#include <cstdint>
#include <string>

#include "heapleak/snapshot/snapshot.h"

namespace heapleak::detail {

// Column roles of a node row, resolved from meta.node_fields.
enum class NodeField : uint8_t {
  kIgnored,
  kType,
  kName,
  kId,
  kSelfSize,
  kEdgeCount,
  kTraceNodeId,
  kDetachedness
};
enum class EdgeField : uint8_t { kIgnored, kType, kNameOrIndex, kToNode };
enum class LocationField : uint8_t { kIgnored, kObjectIndex, kScriptId, kLine, kColumn };

struct ParsedHeader {
  SnapshotMeta meta;
  std::vector<NodeField> node_roles;
  std::vector<EdgeField> edge_roles;
  std::vector<LocationField> location_roles;
  uint64_t root_flat_index = 0;
};

// `text` is the raw JSON of the header object; `offset` its position in the input.
ParsedHeader parse_header(const std::string& text, uint64_t offset);

}  // namespace heapleak::detail
