// V8 names both edges of a WeakMap ephemeron pair (table -> value and key -> value)
// "<n> / part of key (K @k) -> value (V @v) pair in WeakMap (table @t)"; the text after the
// leading number is the same on both. DevTools matches it with
//   ^\d+ / part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\)$
// (reference 2.6 rule 1, 2.10) and uses it twice: the table-side edge does not count for
// dominators, and distances wait for the second edge of a pair.
#pragma once

#include <bit>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "heapleak/core/bit_set.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

struct WeakMapEdgeName {
  std::string_view pair;  // the text after the leading number, shared by both edges
  uint64_t table_id;      // the id in "(table @id)"
};

// The parse of an internal edge's name, or nullopt when it is not a WeakMap pair edge.
std::optional<WeakMapEdgeName> parse_weakmap_edge_name(std::string_view name);

namespace detail {
// Numbers texts 0..n-1, given their hashes, from 0 up to the count of distinct texts less one:
// equal texts get equal numbers. text(i) is asked only about texts of equal hashes.
std::vector<uint32_t> number_equal_texts(const std::vector<size_t>& hash,
                                         const std::function<std::string_view(uint32_t)>& text);
}  // namespace detail

// A WeakMap pair edge as the analysis uses it.
struct WeakMapEdge {
  uint32_t name;  // its name's rank among the pair names (see WeakMapEdgeNames::pair())
  uint64_t table_id;
};

// Which strings of a snapshot are WeakMap pair names, parsed in one pass over the strings, so
// that a per-edge check is a bit test and, for a pair edge, two array reads: no parse and no
// hashing of a long name per edge (distances over a million pairs took 1.9 s, now 0.7).
class WeakMapEdgeNames {
 public:
  enum class Pairs : bool { kUnnumbered, kNumbered };
  // kNumbered also numbers the pairs by their text, for pair().
  WeakMapEdgeNames(const Snapshot& s, Pairs pairs);
  // Internal edge e as a pair edge, or nullopt.
  std::optional<WeakMapEdge> of_edge(EdgeIndex e) const {
    // The type first: most edges are not internal, and their names need not be read.
    if (s_.edge_type(e) != s_.meta.edge_types.internal) return std::nullopt;
    const StringId name = s_.edge_name_or_index[e];
    if (!pair_names_.test(name)) return std::nullopt;
    const uint32_t rank = rank_of(name);
    return WeakMapEdge{rank, table_id_[rank]};
  }
  // The number of an edge's pair (equal pair texts, equal numbers), below pair_count(); kNumbered
  // only.
  uint32_t pair(const WeakMapEdge& edge) const { return pair_[edge.name]; }
  uint32_t pair_count() const { return pair_count_; }

 private:
  // How many pair names come before string `name`.
  uint32_t rank_of(StringId name) const {
    const uint64_t below = *pair_names_.word_containing(name) & ((uint64_t{1} << (name & 63)) - 1);
    return names_before_word_[name >> 6] + static_cast<uint32_t>(std::popcount(below));
  }

  const Snapshot& s_;
  BitSet pair_names_;
  std::vector<uint32_t> names_before_word_;  // per word of pair_names_
  // By rank among the pair names.
  std::vector<uint64_t> table_id_;
  std::vector<uint32_t> pair_;
  uint32_t pair_count_ = 0;
};

}  // namespace heapleak
