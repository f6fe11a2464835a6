#include "heapleak/analysis/shape.h"

#include <algorithm>

namespace heapleak {

bool is_user_root(const Snapshot& s, NodeOrdinal n) {
  return s.node_type[n] != s.meta.node_types.synthetic ||
         s.node_name_text(n) == "(Document DOM trees)";
}

bool is_global_object(const Snapshot& s, NodeOrdinal n) {
  // The page's Window is an object (JSGlobalObject) with a native wrapper (the global proxy).
  const uint8_t type = s.node_type[n];
  if (type != s.meta.node_types.object && type != s.meta.node_types.native) return false;
  const std::string_view name = s.node_name_text(n);
  return name.starts_with("Window / ") || name.starts_with("Window [JSGlobal") ||
         name == "global" || name.starts_with("global / ") ||
         name.starts_with("Object [JSGlobalObject]");
}

bool has_user_roots(const Snapshot& s) {
  for (EdgeIndex e = s.first_edge[s.root()]; e < s.first_edge[s.root() + 1]; ++e) {
    if (is_user_root(s, s.edge_to(e))) return true;
  }
  return false;
}

SnapshotShape detect_shape(const Snapshot& s) {
  SnapshotShape shape;
  const auto& f = s.meta.node_fields;
  shape.node_field_count = f.size();
  const bool trace = s.meta.has_trace_node_id;
  const bool det = s.meta.has_detachedness;
  if (f.size() == 7 && trace && det)
    shape.node_layout = "legacy-7";
  else if (f.size() == 6 && trace && !det)
    shape.node_layout = "legacy-6";
  else if (f.size() == 6 && !trace && det)
    shape.node_layout = "newest-6";
  else if (f.size() == 5 && !trace && !det)
    shape.node_layout = "old-5";
  else
    shape.node_layout = "custom";

  const NodeOrdinal root = s.root();
  bool node_environment = false;
  for (EdgeIndex e = s.first_edge[root]; e < s.first_edge[root + 1]; ++e) {
    const NodeOrdinal child = s.edge_to(e);
    if (is_user_root(s, child)) shape.has_user_roots = true;
    if (s.edge_type(e) == s.meta.edge_types.shortcut) shape.root_global_shortcuts = true;
    if (s.node_name_text(child) == "Node / Environment") node_environment = true;
  }
  shape.newest_v8_fields = s.meta.has_extra_native_bytes ||
                           std::find(s.meta.location_fields.begin(), s.meta.location_fields.end(),
                                     "script_object_index") != s.meta.location_fields.end();

  // Global objects: "global" / "Window ..." / "Deno..." object nodes. Scanning names of
  // object nodes is cheap next to loading.
  bool window = false;
  bool global = false;
  bool deno = false;
  const uint8_t object = s.meta.node_types.object;
  for (uint32_t i = 0; i < s.node_count() && shape.global_objects.size() < 8; ++i) {
    if (s.node_type[i] != object) continue;
    if (!is_global_object(s, i)) continue;
    const std::string_view name = s.node_name_text(i);
    window |= name.starts_with("Window");
    global |= !name.starts_with("Window");
    shape.global_objects.emplace_back(name);
  }
  if (!window) {
    for (uint32_t i = 0; i < s.strings.size(); ++i) {
      if (s.strings[i] == "Deno") {
        deno = true;
        break;
      }
    }
  }
  if (deno)
    shape.producer = "deno";
  else if (node_environment)
    shape.producer = "node";
  else if (window)
    shape.producer = "chromium";
  else if (global)
    shape.producer = "node";
  else
    shape.producer = "unknown";
  return shape;
}

}  // namespace heapleak
