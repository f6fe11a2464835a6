// V8 names both edges of a WeakMap ephemeron pair (table -> value and key -> value)
// "<n> / part of key (K @k) -> value (V @v) pair in WeakMap (table @t)"; the text after the
// leading number is the same on both. DevTools matches it with
//   ^\d+ / part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\)$
// (reference 2.6 rule 1, 2.10) and uses it twice: the table-side edge does not count for
// dominators, and distances wait for the second edge of a pair.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "heapleak/core/bit_set.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

struct WeakMapEdgeName {
  std::string_view pair;  // the text after the leading number, shared by both edges
  uint64_t table_id;      // the id in "(table @id)"
};

// The parse of an internal edge's name, or nullopt when it is not a WeakMap pair edge.
std::optional<WeakMapEdgeName> parse_weakmap_edge_name(std::string_view name);

// Which strings of a snapshot are WeakMap pair names, found in one sequential pass so that
// per-edge checks are a bit test instead of a random read into the string arena.
class WeakMapEdgeNames {
 public:
  explicit WeakMapEdgeNames(const Snapshot& s);
  // The parse of internal edge e's name, or nullopt.
  std::optional<WeakMapEdgeName> of_edge(EdgeIndex e) const {
    // The type first: most edges are not internal, and their names need not be read.
    if (s_.edge_type(e) != s_.meta.edge_types.internal) return std::nullopt;
    const StringId name = s_.edge_name_or_index[e];
    if (!pair_names_.test(name)) return std::nullopt;
    return parse_weakmap_edge_name(s_.strings[name]);
  }

 private:
  const Snapshot& s_;
  BitSet pair_names_;
};

}  // namespace heapleak
