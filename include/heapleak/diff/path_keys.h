// The normalized path keys of many objects at once (see leak_clusters.h for the text). An
// object's path (the distance BFS's shortest one, from the last global object on it) is its
// BFS parent's plus one step, so the keys form a trie, and each heap node on the way is read
// once: N objects at the end of a list K deep cost N + K steps rather than N * K.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/core/bit_set.h"

namespace heapleak {

class PathKeys {
 public:
  // `analysis` must have parent edges recorded (AnalysisOptions::record_parent_edges). Keys
  // say whether a node of `marked` lies inside a path (see Key).
  PathKeys(const Snapshot& s, const HeapAnalysis& analysis, const BitSet* marked = nullptr);

  // What "the path" is below: the object's from the last global object on it (or from its
  // start, when it passes none) down to the object.
  struct Key {
    uint32_t path = 0;           // equal keys: equal texts (and the other way round, but where
                                 // a name itself holds " -> ")
    bool via_console = false;    // the whole path from its start passes "DevTools console"
    bool held_by_js = false;     // the path has a JavaScript object or closure, ends included
    bool marked_inside = false;  // a marked node lies on the path, both ends left out
  };
  // Nothing for an object no path reaches (distance unreachable).
  std::optional<Key> of(NodeOrdinal n);
  // normalized_path_text() of the path from the last global object.
  std::string text(uint32_t path) const;

  // The distinct texts of the paths given here, numbered 0, 1, ... as first met: what callers
  // group objects by, opening a group when `first`.
  struct TextNumber {
    uint32_t number;
    bool first;
  };
  TextNumber number_text(uint32_t path);
  const std::string& numbered_text(uint32_t number) const { return *texts_[number]; }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct TrieNode {
    uint32_t parent;  // kNone for a path's first node (its start's class name)
    uint32_t piece;   // the text it appends
  };
  uint32_t piece_id(std::string text);
  uint32_t first_node(NodeOrdinal start);
  uint32_t extend(uint32_t path, EdgeIndex e, NodeOrdinal to);
  bool is_console(NodeOrdinal n) const;
  bool is_js(NodeOrdinal n) const;

  // A key, and whether its node starts its path (the path's start or a global object).
  struct Entry {
    Key key;
    bool starts_path;
  };

  const Snapshot& s_;
  const HeapAnalysis& a_;
  const BitSet* marked_;
  std::vector<std::string_view> pieces_;  // the keys of piece_of_
  std::unordered_map<std::string, uint32_t> piece_of_;
  std::vector<TrieNode> trie_;
  std::unordered_map<uint32_t, uint32_t> first_of_;  // piece -> first node
  std::unordered_map<uint64_t, uint32_t> child_of_;  // (node, piece) -> node
  std::unordered_map<NodeOrdinal, Entry> entry_of_;  // every heap node read so far
  struct Step {
    NodeOrdinal node;
    EdgeIndex edge;  // from its BFS parent; kNoEdge at the path's start
    NodeOrdinal parent;
  };
  std::vector<Step> walk_;  // upwards
  std::unordered_map<uint32_t, uint32_t> number_of_path_;
  std::unordered_map<std::string, uint32_t> number_of_text_;
  std::vector<const std::string*> texts_;  // the keys of number_of_text_, by number
};

}  // namespace heapleak
