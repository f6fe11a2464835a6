// What produced a snapshot and which of V8's root shapes it has (reference 1.3, 1.7, 2.2).
#pragma once

#include <string>
#include <vector>

#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

struct SnapshotShape {
  // "node", "chromium", "deno", "unknown": guessed from the global objects and root groups.
  std::string producer;
  // "legacy-7" (type..trace_node_id,detachedness), "legacy-6" (..trace_node_id),
  // "newest-6" (..detachedness, no trace_node_id), "old-5", or "custom".
  std::string node_layout;
  size_t node_field_count = 0;
  // DevTools' switch (2.2): a root child that is not synthetic, or is (Document DOM trees).
  bool has_user_roots = false;
  // Root has shortcut edges to the global objects (older V8) rather than only (GC roots).
  bool root_global_shortcuts = false;
  // Newest V8 adds script_object_index to locations and extra_native_bytes to the header.
  bool newest_v8_fields = false;
  std::vector<std::string> global_objects;  // names of the globals found
};

SnapshotShape detect_shape(const Snapshot& s);

// DevTools' JSHeapSnapshot.isUserRoot for a child of the root.
bool is_user_root(const Snapshot& s, NodeOrdinal n);
// A JavaScript global object: Node's `global`, a page's `Window`, Deno's global.
bool is_global_object(const Snapshot& s, NodeOrdinal n);
// DevTools' #hasUserRoots: some edge of the root (of any type) leads to a user root.
bool has_user_roots(const Snapshot& s);

}  // namespace heapleak
