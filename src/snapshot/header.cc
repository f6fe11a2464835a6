#include "snapshot/header.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "snapshot/json_syntax.h"

namespace heapleak::detail {
namespace {

[[noreturn]] void bad_meta(uint64_t offset, std::string detail) {
  fail(ErrorCode::kBadMeta, fmt::format("byte {}: snapshot header", offset), std::move(detail));
}

std::vector<std::string> string_list(simdjson::dom::element e, std::string_view name,
                                     uint64_t offset) {
  simdjson::dom::array arr;
  if (e.get_array().get(arr) != simdjson::SUCCESS)
    bad_meta(offset, fmt::format("{} is not an array", name));
  std::vector<std::string> out;
  for (simdjson::dom::element item : arr) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      bad_meta(offset, fmt::format("{} holds a non-string", name));
    }
    out.emplace_back(s);
  }
  return out;
}

// A field named twice would leave one of its columns unread (DevTools reads the first).
void reject_repeated_fields(const std::vector<std::string>& fields, std::string_view list,
                            uint64_t offset) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (std::find(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(i), fields[i]) !=
        fields.begin() + static_cast<std::ptrdiff_t>(i)) {
      bad_meta(offset, fmt::format("meta.{} names \"{}\" twice", list, fields[i]));
    }
  }
}

size_t require_field(const std::vector<std::string>& fields, std::string_view field,
                     std::string_view list, uint64_t offset) {
  const auto it = std::find(fields.begin(), fields.end(), field);
  if (it == fields.end()) bad_meta(offset, fmt::format("meta.{} lacks \"{}\"", list, field));
  return static_cast<size_t>(it - fields.begin());
}

uint8_t code_of(const std::vector<std::string>& names, std::string_view name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? kNoType : static_cast<uint8_t>(it - names.begin());
}

// The type list sits at the `type` position of node_types/edge_types.
std::vector<std::string> type_list(simdjson::dom::element meta, std::string_view key,
                                   size_t type_pos, uint64_t offset) {
  simdjson::dom::array types;
  if (meta[key].get_array().get(types) != simdjson::SUCCESS) {
    bad_meta(offset, fmt::format("meta.{} is missing or not an array", key));
  }
  simdjson::dom::element entry;
  if (types.at(type_pos).get(entry) != simdjson::SUCCESS) {
    bad_meta(offset, fmt::format("meta.{} has no entry for the type field", key));
  }
  auto names = string_list(entry, fmt::format("meta.{}[{}]", key, type_pos), offset);
  if (names.empty() || names.size() > 250) {
    bad_meta(offset, fmt::format("meta.{}[{}] must list 1 to 250 type names", key, type_pos));
  }
  return names;
}

uint64_t optional_count(simdjson::dom::element snapshot, std::string_view key, uint64_t offset,
                        bool* present = nullptr) {
  simdjson::dom::element e;
  if (snapshot[key].get(e) != simdjson::SUCCESS) {
    if (present) *present = false;
    return 0;
  }
  uint64_t v = 0;
  if (e.get_uint64().get(v) != simdjson::SUCCESS) {
    fail(ErrorCode::kBadNumber, fmt::format("byte {}: snapshot header", offset),
         fmt::format("snapshot.{} is not a non-negative integer", key));
  }
  if (present) *present = true;
  return v;
}

}  // namespace

ParsedHeader parse_header(const std::string& text, uint64_t offset) {
  simdjson::dom::parser parser;
  simdjson::dom::element snapshot;
  const auto rc = parser.parse(text).get(snapshot);
  if (rc != simdjson::SUCCESS) {
    const size_t at = json_syntax_error_at(text);
    if (at == std::string::npos) {
      fail(ErrorCode::kNotJson, fmt::format("byte {}: snapshot header", offset),
           simdjson::error_message(rc));
    }
    fail(ErrorCode::kNotJson, fmt::format("byte {}: snapshot header", offset + at),
         "unexpected " +
             describe_json_byte(at < text.size() ? static_cast<unsigned char>(text[at]) : -1));
  }
  if (!snapshot.is_object()) bad_meta(offset, "\"snapshot\" is not an object");
  simdjson::dom::element meta;
  if (snapshot["meta"].get(meta) != simdjson::SUCCESS || !meta.is_object()) {
    bad_meta(offset, "snapshot.meta is missing");
  }

  ParsedHeader h;
  SnapshotMeta& m = h.meta;
  simdjson::dom::element e;
  if (meta["node_fields"].get(e) != simdjson::SUCCESS)
    bad_meta(offset, "meta.node_fields is missing");
  m.node_fields = string_list(e, "meta.node_fields", offset);
  if (meta["edge_fields"].get(e) != simdjson::SUCCESS)
    bad_meta(offset, "meta.edge_fields is missing");
  m.edge_fields = string_list(e, "meta.edge_fields", offset);
  if (meta["location_fields"].get(e) == simdjson::SUCCESS) {
    m.location_fields = string_list(e, "meta.location_fields", offset);
  }

  reject_repeated_fields(m.node_fields, "node_fields", offset);
  reject_repeated_fields(m.edge_fields, "edge_fields", offset);
  reject_repeated_fields(m.location_fields, "location_fields", offset);
  for (std::string_view f : {"type", "name", "id", "self_size", "edge_count"}) {
    require_field(m.node_fields, f, "node_fields", offset);
  }
  for (std::string_view f : {"type", "name_or_index", "to_node"}) {
    require_field(m.edge_fields, f, "edge_fields", offset);
  }
  const size_t node_type_pos = require_field(m.node_fields, "type", "node_fields", offset);
  const size_t edge_type_pos = require_field(m.edge_fields, "type", "edge_fields", offset);
  m.node_type_names = type_list(meta, "node_types", node_type_pos, offset);
  m.edge_type_names = type_list(meta, "edge_types", edge_type_pos, offset);
  if (m.edge_type_names.size() > Snapshot::kMaxEdgeTypes) {
    bad_meta(offset, fmt::format("meta.edge_types lists {} types; at most {} are supported",
                                 m.edge_type_names.size(), Snapshot::kMaxEdgeTypes));
  }

  for (const auto& f : m.node_fields) {
    NodeField role = NodeField::kIgnored;
    if (f == "type")
      role = NodeField::kType;
    else if (f == "name")
      role = NodeField::kName;
    else if (f == "id")
      role = NodeField::kId;
    else if (f == "self_size")
      role = NodeField::kSelfSize;
    else if (f == "edge_count")
      role = NodeField::kEdgeCount;
    else if (f == "trace_node_id")
      role = NodeField::kTraceNodeId, m.has_trace_node_id = true;
    else if (f == "detachedness")
      role = NodeField::kDetachedness, m.has_detachedness = true;
    h.node_roles.push_back(role);
  }
  for (const auto& f : m.edge_fields) {
    EdgeField role = EdgeField::kIgnored;
    if (f == "type")
      role = EdgeField::kType;
    else if (f == "name_or_index")
      role = EdgeField::kNameOrIndex;
    else if (f == "to_node")
      role = EdgeField::kToNode;
    h.edge_roles.push_back(role);
  }
  for (const auto& f : m.location_fields) {
    LocationField role = LocationField::kIgnored;
    if (f == "object_index")
      role = LocationField::kObjectIndex;
    else if (f == "script_id")
      role = LocationField::kScriptId;
    else if (f == "line")
      role = LocationField::kLine;
    else if (f == "column")
      role = LocationField::kColumn;
    h.location_roles.push_back(role);
  }
  if (!m.location_fields.empty() &&
      std::find(h.location_roles.begin(), h.location_roles.end(), LocationField::kObjectIndex) ==
          h.location_roles.end()) {
    bad_meta(offset, "meta.location_fields lacks \"object_index\"");
  }

  const auto& nt = m.node_type_names;
  auto& n = m.node_types;
  n.hidden = code_of(nt, "hidden");
  n.array = code_of(nt, "array");
  n.string = code_of(nt, "string");
  n.object = code_of(nt, "object");
  n.code = code_of(nt, "code");
  n.closure = code_of(nt, "closure");
  n.regexp = code_of(nt, "regexp");
  n.number = code_of(nt, "number");
  n.native = code_of(nt, "native");
  n.synthetic = code_of(nt, "synthetic");
  n.concatenated_string = code_of(nt, "concatenated string");
  n.sliced_string = code_of(nt, "sliced string");
  n.symbol = code_of(nt, "symbol");
  n.bigint = code_of(nt, "bigint");
  n.object_shape = code_of(nt, "object shape");
  const auto& et = m.edge_type_names;
  auto& t = m.edge_types;
  t.context = code_of(et, "context");
  t.element = code_of(et, "element");
  t.property = code_of(et, "property");
  t.internal = code_of(et, "internal");
  t.hidden = code_of(et, "hidden");
  t.shortcut = code_of(et, "shortcut");
  t.weak = code_of(et, "weak");

  bool has_node_count = false;
  bool has_edge_count = false;
  m.header_node_count = optional_count(snapshot, "node_count", offset, &has_node_count);
  m.header_edge_count = optional_count(snapshot, "edge_count", offset, &has_edge_count);
  if (!has_node_count) bad_meta(offset, "snapshot.node_count is missing");
  if (!has_edge_count) bad_meta(offset, "snapshot.edge_count is missing");
  m.trace_function_count = optional_count(snapshot, "trace_function_count", offset);
  m.extra_native_bytes =
      optional_count(snapshot, "extra_native_bytes", offset, &m.has_extra_native_bytes);
  if (m.extra_native_bytes > (uint64_t{1} << 53)) {  // the bound a self size has
    fail(ErrorCode::kBadNumber, fmt::format("byte {}: snapshot header", offset),
         fmt::format("snapshot.extra_native_bytes: value {} is above 2^53", m.extra_native_bytes));
  }
  h.root_flat_index = optional_count(snapshot, "root_index", offset);
  // Without allocation tracking every trace_node_id is 0: keep no column for it.
  if (m.trace_function_count == 0) {
    for (auto& role : h.node_roles) {
      if (role == NodeField::kTraceNodeId) role = NodeField::kIgnored;
    }
  }
  return h;
}

}  // namespace heapleak::detail
