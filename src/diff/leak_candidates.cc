#include "heapleak/diff/leak_candidates.h"

#include <optional>

namespace heapleak {
namespace {

std::optional<NoiseKind> noise_of(const Snapshot& s, const HeapAnalysis& a, NodeOrdinal n) {
  const auto& types = s.meta.node_types;
  const uint8_t type = s.node_type[n];
  if (type != types.object && type != types.closure && type != types.regexp &&
      type != types.native) {
    return NoiseKind::kPrimitiveOrInternal;
  }
  const std::string_view name = s.node_name_text(n);
  if (name.starts_with("system / ")) return NoiseKind::kSystemObject;
  // DOM wrappers are named like "HTMLDivElement" or "<div>"; qualified names are C++ internals.
  if (type == types.native && name.find("::") != std::string_view::npos) {
    return NoiseKind::kEmbedderInternal;
  }
  const int32_t distance = a.distances.distance[n];
  if (distance == kNoDistance) return NoiseKind::kWeaklyHeld;
  if (distance >= kBaseSystemDistance) return NoiseKind::kSystemRootOnly;
  return std::nullopt;
}

// Advances a sorted id cursor to `id`; true when the index holds it.
bool advance_to(const IdIndex& index, size_t& cursor, NodeId id) {
  while (cursor < index.size() && index.id(cursor) < id) ++cursor;
  return cursor < index.size() && index.id(cursor) == id;
}

}  // namespace

std::string_view noise_kind_name(NoiseKind kind) {
  switch (kind) {
    case NoiseKind::kPrimitiveOrInternal:
      return "strings, numbers, code and V8 internals";
    case NoiseKind::kSystemObject:
      return "V8 system objects";
    case NoiseKind::kEmbedderInternal:
      return "embedder (C++) internals";
    case NoiseKind::kWeaklyHeld:
      return "held only by weak references";
    case NoiseKind::kSystemRootOnly:
      return "held only by system roots (console, debugger, handles)";
    case NoiseKind::kCount:
      break;
  }
  return "";
}

LeakCandidates find_leak_candidates(const Snapshot& s, const HeapAnalysis& a,
                                    const IdIndex& final_ids, const IdIndex& baseline,
                                    const IdIndex* target) {
  LeakCandidates result;
  result.nodes = BitSet(s.node_count());
  size_t in_baseline = 0, in_target = 0;
  for (size_t i = 0; i < final_ids.size(); ++i) {
    const NodeId id = final_ids.id(i);
    if (advance_to(baseline, in_baseline, id)) continue;
    if (target != nullptr && !advance_to(*target, in_target, id)) continue;
    const NodeOrdinal n = final_ids.ordinal(i);
    if (n == s.root()) continue;
    ++result.surviving;
    if (const auto noise = noise_of(s, a, n)) {
      ++result.dropped[static_cast<size_t>(*noise)];
    } else {
      result.nodes.set(n);
    }
  }
  return result;
}

}  // namespace heapleak
