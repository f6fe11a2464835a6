#include "heapleak/diff/class_comparison.h"

#include <unordered_map>

#include "heapleak/analysis/outermost_members.h"

namespace heapleak {

namespace {

// What the new objects retain, each byte once: the ones no other new object dominates.
void add_new_retained_sizes(ClassComparison& comparison, const ClassRows& current_rows,
                            const HeapAnalysis& a, NodeOrdinal root) {
  const BitSet outermost = outermost_members(a.idom, root, comparison.new_nodes);
  for (NodeOrdinal n = 0; n < outermost.size(); ++n) {
    if (!outermost.test(n)) continue;
    const uint32_t row = comparison.row_of_current[current_rows.row_of(n)];
    comparison.rows[row].new_retained_size += a.retained_size[n];
  }
}

}  // namespace

ClassComparison compare_classes(const ComparedSnapshot& base, const ComparedSnapshot& current,
                                const HeapAnalysis* current_analysis) {
  // Both sides' class rows mapped onto one key space.
  std::unordered_map<std::string, uint32_t> key_index;
  std::vector<ClassDiffRow> all;
  const auto key_rows = [&](const ComparedSnapshot& side) {
    std::vector<uint32_t> row_key(side.rows.size());
    for (size_t r = 0; r < side.rows.size(); ++r) {
      auto [it, inserted] =
          key_index.try_emplace(side.rows.keys[r], static_cast<uint32_t>(all.size()));
      if (inserted) {
        all.push_back({side.rows.keys[r], side.classes.name(side.rows.row_class[r])});
      }
      row_key[r] = it->second;
    }
    return row_key;
  };
  const std::vector<uint32_t> base_key = key_rows(base);
  const std::vector<uint32_t> current_key = key_rows(current);
  const auto key_of = [](const ComparedSnapshot& side, const std::vector<uint32_t>& keys,
                         NodeOrdinal n) {
    const uint32_t row = side.rows.row_of(n);
    return row == kNoClassRow ? kNoClassRow : keys[row];
  };

  ClassComparison result;
  result.new_nodes = BitSet(current.snapshot.node_count());
  const auto count_deleted = [&](NodeOrdinal b, uint32_t key) {
    ++all[key].deleted_count;
    all[key].freed_size += base.snapshot.node_self_size[b];
  };
  const auto count_new = [&](NodeOrdinal c, uint32_t key) {
    ++all[key].new_count;
    all[key].alloc_size += current.snapshot.node_self_size[c];
    result.new_nodes.set(c);
  };
  // Walk both id orders side by side; a shared id is a match only within one class key.
  size_t i = 0, j = 0;
  while (i < base.ids.size() || j < current.ids.size()) {
    const bool take_base =
        j == current.ids.size() || (i < base.ids.size() && base.ids.id(i) <= current.ids.id(j));
    const bool take_current =
        i == base.ids.size() || (j < current.ids.size() && current.ids.id(j) <= base.ids.id(i));
    const NodeOrdinal b = take_base ? base.ids.ordinal(i++) : kNoNode;
    const NodeOrdinal c = take_current ? current.ids.ordinal(j++) : kNoNode;
    const uint32_t bk = b == kNoNode ? kNoClassRow : key_of(base, base_key, b);
    const uint32_t ck = c == kNoNode ? kNoClassRow : key_of(current, current_key, c);
    if (bk == ck) continue;  // same class (or neither side aggregated)
    if (bk != kNoClassRow) count_deleted(b, bk);
    if (ck != kNoClassRow) count_new(c, ck);
  }

  std::vector<uint32_t> kept(all.size(), kNoClassRow);
  for (size_t k = 0; k < all.size(); ++k) {
    if (all[k].new_count == 0 && all[k].deleted_count == 0) continue;
    kept[k] = static_cast<uint32_t>(result.rows.size());
    result.rows.push_back(std::move(all[k]));
  }
  result.row_of_current.resize(current.rows.size());
  for (size_t r = 0; r < current.rows.size(); ++r) result.row_of_current[r] = kept[current_key[r]];
  if (current_analysis != nullptr) {
    add_new_retained_sizes(result, current.rows, *current_analysis, current.snapshot.root());
  }
  return result;
}

}  // namespace heapleak
