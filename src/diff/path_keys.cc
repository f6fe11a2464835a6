#include "heapleak/diff/path_keys.h"

#include "heapleak/analysis/retainer_paths.h"
#include "heapleak/analysis/shape.h"
#include "heapleak/diff/leak_clusters.h"

namespace heapleak {

PathKeys::PathKeys(const Snapshot& s, const HeapAnalysis& analysis, const BitSet* marked)
    : s_(s), a_(analysis), marked_(marked) {}

uint32_t PathKeys::piece_id(std::string text) {
  const auto [it, inserted] =
      piece_of_.try_emplace(std::move(text), static_cast<uint32_t>(pieces_.size()));
  if (inserted) pieces_.push_back(it->first);
  return it->second;
}

uint32_t PathKeys::first_node(NodeOrdinal start) {
  const uint32_t piece =
      piece_id(normalize_for_signature(a_.classes.name(a_.classes.class_of(start))));
  const auto [it, inserted] = first_of_.try_emplace(piece, static_cast<uint32_t>(trie_.size()));
  if (inserted) trie_.push_back({kNone, piece});
  return it->second;
}

// A step repeated in a row (along a linked list) is written once, as normalized_path_text()
// does.
uint32_t PathKeys::extend(uint32_t path, EdgeIndex e, NodeOrdinal to) {
  std::string step =
      normalize_for_signature(edge_step_text(s_.edge_type_name(e), s_.edge_name_text(e)));
  step += " -> ";
  step += normalize_for_signature(a_.classes.name(a_.classes.class_of(to)));
  const uint32_t piece = piece_id(std::move(step));
  if (trie_[path].parent != kNone && trie_[path].piece == piece) return path;
  const auto [it, inserted] =
      child_of_.try_emplace(uint64_t{path} << 32 | piece, static_cast<uint32_t>(trie_.size()));
  if (inserted) trie_.push_back({path, piece});
  return it->second;
}

bool PathKeys::is_console(NodeOrdinal n) const {
  return s_.node_name_text(n).find("DevTools console") != std::string_view::npos;
}

bool PathKeys::is_js(NodeOrdinal n) const {
  const uint8_t type = s_.node_type[n];
  return type == s_.meta.node_types.object || type == s_.meta.node_types.closure;
}

std::optional<PathKeys::Key> PathKeys::of(NodeOrdinal n) {
  if (a_.distances.distance[n] == kNoDistance) return std::nullopt;
  // Up the BFS tree to a node already keyed, or to the path's start; then down, keying each.
  walk_.clear();
  for (NodeOrdinal x = n; !entry_of_.contains(x);) {
    const EdgeIndex e = a_.distances.parent_edge[x];
    const NodeOrdinal parent = e == kNoEdge ? kNoNode : s_.edge_source(e);
    walk_.push_back({x, e, parent});
    if (e == kNoEdge) break;
    x = parent;
  }
  for (size_t i = walk_.size(); i-- > 0;) {
    const auto [x, e, parent] = walk_[i];
    Entry entry;
    if (e == kNoEdge) {
      entry = {{first_node(x), is_console(x), is_js(x), false}, true};
    } else {
      const Entry& up = entry_of_.at(parent);
      entry.key.via_console = up.key.via_console || is_console(x);
      // The path shown starts at the last global object on it.
      entry.starts_path = is_global_object(s_, x);
      if (entry.starts_path) {
        entry.key.path = first_node(x);
        entry.key.held_by_js = is_js(x);
      } else {
        entry.key.path = extend(up.key.path, e, x);
        entry.key.held_by_js = up.key.held_by_js || is_js(x);
        entry.key.marked_inside = up.key.marked_inside ||
                                  (!up.starts_path && marked_ != nullptr && marked_->test(parent));
      }
    }
    entry_of_.emplace(x, entry);
  }
  return entry_of_.at(n).key;
}

std::string PathKeys::text(uint32_t path) const {
  std::vector<uint32_t> pieces;
  for (uint32_t t = path; t != kNone; t = trie_[t].parent) pieces.push_back(trie_[t].piece);
  std::string out;
  for (size_t i = pieces.size(); i-- > 0;) out += pieces_[pieces[i]];
  return out;
}

PathKeys::TextNumber PathKeys::number_text(uint32_t path) {
  const auto [by_path, new_path] =
      number_of_path_.try_emplace(path, static_cast<uint32_t>(texts_.size()));
  if (!new_path) return {by_path->second, false};
  // Two step sequences can read alike (a name holding " -> "): the text decides.
  const auto [by_text, new_text] =
      number_of_text_.try_emplace(text(path), static_cast<uint32_t>(texts_.size()));
  if (new_text) texts_.push_back(&by_text->first);
  by_path->second = by_text->second;
  return {by_text->second, new_text};
}

}  // namespace heapleak
