// The in-memory heap snapshot: struct-of-arrays columns indexed by node ordinal and edge index.
//
// Index spaces are kept apart:
//  - NodeOrdinal: 0..node_count-1, the position of a node in the file's `nodes` array
//    (the file's flat index divided by the node field count). Edges store ordinals.
//  - EdgeIndex:   0..edge_count-1, the position of an edge in the file's `edges` array.
//  - NodeId:      V8's SnapshotObjectId (odd for heap objects, even for embedder objects),
//    stable across snapshots of one process; diffs match on it.
//  - StringId:    index into `strings`.
// Node n's outgoing edges are [first_edge[n], first_edge[n+1]) (CSR, length node_count+1).
// All counts fit 32 bits (checked by the loader); sizes are 64-bit.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heapleak/core/error.h"
#include "heapleak/core/monotonic_offsets.h"
#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/dictionary_column.h"
#include "heapleak/snapshot/indices.h"
#include "heapleak/snapshot/narrow_column.h"
#include "heapleak/snapshot/node_ids.h"

namespace heapleak {

inline constexpr uint8_t kNoType = UINT8_MAX;

// Node and edge type codes of the file (its meta lists), resolved by name. A code is kNoType
// when the file's type list lacks that name (lists change between V8 versions).
struct NodeTypeCodes {
  uint8_t hidden = kNoType, array = kNoType, string = kNoType, object = kNoType, code = kNoType,
          closure = kNoType, regexp = kNoType, number = kNoType, native = kNoType,
          synthetic = kNoType, concatenated_string = kNoType, sliced_string = kNoType,
          symbol = kNoType, bigint = kNoType, object_shape = kNoType;
};
struct EdgeTypeCodes {
  uint8_t context = kNoType, element = kNoType, property = kNoType, internal = kNoType,
          hidden = kNoType, shortcut = kNoType, weak = kNoType;
};

// What `snapshot.meta` and the header say; kept for reports and later stages.
struct SnapshotMeta {
  std::vector<std::string> node_fields;
  std::vector<std::string> edge_fields;
  std::vector<std::string> node_type_names;  // the enum at the `type` position
  std::vector<std::string> edge_type_names;
  std::vector<std::string> location_fields;
  NodeTypeCodes node_types;
  EdgeTypeCodes edge_types;
  bool has_trace_node_id = false;
  bool has_detachedness = false;
  uint64_t header_node_count = 0;
  uint64_t header_edge_count = 0;
  uint64_t trace_function_count = 0;
  uint64_t extra_native_bytes = 0;
  bool has_extra_native_bytes = false;
  NodeOrdinal root = 0;  // from snapshot.root_index (a flat index in the file), default 0
};

// Source position of a function or of an object's constructor (0-based line and column).
struct Location {
  NodeOrdinal node;
  uint32_t script_id;
  uint32_t line;
  uint32_t column;
};

// Strings stored back to back in one arena (UTF-8); string i is
// arena[offsets[i], offsets[i+1]).
class StringTable {
 public:
  size_t size() const { return offsets_.size() == 0 ? 0 : offsets_.size() - 1; }
  std::string_view operator[](StringId i) const {
    const uint64_t begin = offsets_[i];
    return {arena_.data() + begin, static_cast<size_t>(offsets_[i + 1] - begin)};
  }
  size_t arena_bytes() const { return arena_.size(); }
  size_t memory_bytes() const { return arena_.memory_bytes() + offsets_.memory_bytes(); }

  // Loader interface: strings are appended in file order.
  void append_block(std::string_view bytes, const std::vector<uint64_t>& lengths);

 private:
  GrowableArray<char> arena_;
  MonotonicOffsets offsets_;  // the arena is as large as the file's strings section
};

// Node self sizes: loaded four bytes each, then (once the shallow-size reassignment has made them
// final) mostly one byte each, since a heap holds few distinct object sizes. DevTools itself
// keeps them in 32 bits, and a V8 object is far smaller than 4 GB, but V8 writes a 48-bit size_t
// and an embedder may report a larger native size (and the reassignment adds sizes up), so
// values that do not fit are kept exactly in the side table, and later escaped in 64 bits.
using SelfSizes = DictionaryColumn<NarrowColumn<uint64_t>>;

class Snapshot {
 public:
  SnapshotMeta meta;

  // Node columns (length node_count, except first_edge: node_count+1).
  PodArray<uint8_t> node_type;
  NodeNames node_name;  // loaded 4 bytes each, then mostly one byte each
  NodeIds node_id;
  SelfSizes node_self_size;             // plain until reassign_shallow_sizes() compacts it
  PodArray<uint32_t> node_trace_id;     // empty unless the file has allocation traces
  PodArray<uint8_t> node_detachedness;  // empty unless meta.has_detachedness
  PodArray<EdgeIndex> first_edge;

  // Edge columns (length edge_count). Target ordinal and edge type share one word: V8 itself
  // limits a snapshot to 2^28 entries, which leaves 4 bits for the type (V8 has 7 types).
  static constexpr uint32_t kEdgeTypeShift = 28;
  static constexpr uint32_t kEdgeTargetMask = (1u << kEdgeTypeShift) - 1;
  static constexpr uint64_t kMaxNodes = uint64_t{1} << kEdgeTypeShift;
  static constexpr size_t kMaxEdgeTypes = 16;
  PodArray<uint32_t> edge_target_and_type;
  // StringId, or a number for element/hidden edges: loaded 3 bytes each (widened to 4 by
  // parse_edges() when the values that do not fit would cost more in the side table), then
  // mostly one byte each (dictionary_column.h).
  EdgeNames edge_name_or_index;

  StringTable strings;
  std::vector<Location> locations;  // sorted by node ordinal

  uint32_t node_count() const { return static_cast<uint32_t>(node_id.size()); }
  uint32_t edge_count() const { return static_cast<uint32_t>(edge_target_and_type.size()); }
  NodeOrdinal edge_to(EdgeIndex e) const { return edge_target_and_type[e] & kEdgeTargetMask; }
  uint8_t edge_type(EdgeIndex e) const {
    return static_cast<uint8_t>(edge_target_and_type[e] >> kEdgeTypeShift);
  }
  NodeOrdinal root() const { return meta.root; }

  std::string_view node_type_name(NodeOrdinal n) const {
    return meta.node_type_names[node_type[n]];
  }
  std::string_view node_name_text(NodeOrdinal n) const { return strings[node_name[n]]; }
  std::string_view edge_type_name(EdgeIndex e) const { return meta.edge_type_names[edge_type(e)]; }
  // Element and hidden edges carry a number instead of a string id.
  bool edge_has_string_name(EdgeIndex e) const {
    return edge_type(e) != meta.edge_types.element && edge_type(e) != meta.edge_types.hidden;
  }
  // The edge's name as text ("foo", or "3" for element/hidden edges).
  std::string edge_name_text(EdgeIndex e) const;
  // The name of an edge with a string name, without a copy; "" for element/hidden edges.
  std::string_view edge_string_name(EdgeIndex e) const {
    return edge_has_string_name(e) ? strings[edge_name_or_index[e]] : std::string_view();
  }
  uint8_t detachedness(NodeOrdinal n) const {
    return node_detachedness.empty() ? 0 : node_detachedness[n];
  }
  // The node an edge belongs to (binary search over first_edge).
  NodeOrdinal edge_source(EdgeIndex e) const;
  // The node with this id, or kNoNode (a scan over the id runs).
  NodeOrdinal find_node(NodeId id) const { return node_id.find(id); }
  // Location of a node, or nullptr (binary search over `locations`).
  const Location* location_of(NodeOrdinal n) const;

  // Bytes held by the columns and tables (for diagnostics and benchmarks).
  size_t memory_bytes() const;
};

}  // namespace heapleak
