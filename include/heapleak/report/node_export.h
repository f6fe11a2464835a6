// `heapleak nodes`: every node on one line (JSON Lines or CSV) with the fields DevTools shows,
// for other tools and for checking heapleak against DevTools itself. Field names are fixed:
// id, type, name, class, self_size, retained_size, distance, dominator, detachedness.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/core/error.h"

namespace heapleak {

// One node as exported. `dominator` is the immediate dominator's id (the root's own id for
// the root and for nodes nothing reaches); `distance` is DevTools' raw value (-5 unreachable,
// >= 100000000 for what only the system holds).
struct NodeRow {
  NodeId id = 0;
  std::string_view type;
  std::string_view name;
  std::string_view class_name;
  uint64_t self_size = 0;
  uint64_t retained_size = 0;
  int64_t distance = 0;
  NodeId dominator = 0;
  uint8_t detachedness = 0;
};

// `--filter` terms, all of which must hold: FIELD OP VALUE with OP one of = != < <= > >= and
// ~ (contains). Numeric fields compare as numbers, text fields as text.
class NodeFilter {
 public:
  static Result<NodeFilter> parse(const std::vector<std::string>& terms);
  bool accepts(const NodeRow& row) const;
  bool empty() const { return terms_.empty(); }

  enum class Op : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kContains };
  struct Term {
    std::string field;
    Op op = Op::kEq;
    std::string text;
    double number = 0;
    bool numeric = false;
  };

 private:
  std::vector<Term> terms_;
};

enum class NodeFormat : uint8_t { kJsonLines, kCsv };

struct NodeExportOptions {
  unsigned threads = 1;                      // 2: blocks of nodes are formatted on two threads
  uint32_t block_nodes = uint32_t{1} << 16;  // tests lower it to cover the block boundaries
};

// Writes the accepted nodes in ordinal order; returns how many were written. Stops early
// (without error) when `out` fails, e.g. a closed pipe.
uint64_t write_nodes(const Snapshot& s, const HeapAnalysis& a, NodeFormat format,
                     const NodeFilter& filter, std::FILE* out,
                     const NodeExportOptions& options = {});

}  // namespace heapleak
