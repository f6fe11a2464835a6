#include <fmt/format.h>

#include "heapleak/analysis/distances.h"
#include "heapleak/core/format.h"
#include "heapleak/report/summary.h"
#include "heapleak/report/timings_report.h"

namespace heapleak {
namespace {

void class_table(std::string& out, const std::vector<ClassRow>& rows) {
  out += fmt::format("  {:>12}  {:>12}  {:>12}  {:>9}  {}\n", "count", "self size", "retained",
                     "distance", "class");
  for (const ClassRow& row : rows) {
    std::string label = clip_text(row.name, 70);
    if (!row.key.starts_with(",")) {
      // Located constructors: show "script:line:column" (1-based as editors show them).
      unsigned script = 0, line = 0, column = 0;
      if (std::sscanf(row.key.c_str(), "%u,%u,%u,", &script, &line, &column) == 3) {
        label += fmt::format("  (script {} line {}:{})", script, line + 1, column + 1);
      }
    }
    out += fmt::format("  {:>12}  {:>12}  {:>12}  {:>9}  {}\n", format_count(row.count),
                       format_bytes(row.self_size), format_bytes(row.retained_size),
                       distance_text(row.distance), label);
  }
}

}  // namespace

std::string render_summary_text(const SummaryReport& r, bool color) {
  std::string out;
  out += emphasize(fmt::format("Heap snapshot {}", r.input.path), color);
  out += "\n";
  out += fmt::format("  producer     {} (node layout {}, {} fields{}{})\n", r.shape.producer,
                     r.shape.node_layout, r.shape.node_field_count,
                     r.shape.has_user_roots ? ", user roots" : ", no user roots",
                     r.shape.newest_v8_fields ? ", newest V8 fields" : "");
  out += fmt::format("  input        {} ({}{}), {} JSON, loaded in {:.2f} s\n",
                     format_bytes(r.input.file_bytes), compression_name(r.input.compression),
                     r.input.compression == Compression::kNone ? "" : " compressed",
                     format_bytes(r.input.json_bytes), r.input.seconds);
  out += fmt::format("  nodes        {}\n  edges        {}\n  strings      {}\n",
                     format_count(r.node_count), format_count(r.edge_count),
                     format_count(r.string_count));
  out += fmt::format("  total size   {} ({} bytes, as DevTools counts it)\n",
                     format_bytes(r.total_size), format_count(r.total_size));
  if (r.unreachable_nodes || r.unreachable_size) {
    out += fmt::format(
        "  unreachable  {} held only weakly or by nothing ({}), {} nodes in unrooted cycles\n",
        format_bytes(r.unreachable_size), "distance -", r.unreachable_nodes);
  }
  if (r.extra_native_bytes)
    out += fmt::format("  extra native {}\n", format_bytes(r.extra_native_bytes));
  out += fmt::format("  classes      {} ({} inferred interfaces)\n", format_count(r.class_count),
                     r.interface_count);
  out += fmt::format("  detached DOM {} nodes", format_count(r.detached_dom_nodes));
  if (r.detached_native_nodes != r.detached_dom_nodes) {
    out += fmt::format(" (+{} detached Node.js binding objects)",
                       r.detached_native_nodes - r.detached_dom_nodes);
  }
  out += "\n\n";
  out += emphasize("By node type", color);
  out += "\n";
  out += fmt::format("  {:>12}  {:>12}  {}\n", "count", "self size", "type");
  for (const TypeRow& t : r.types) {
    out += fmt::format("  {:>12}  {:>12}  {}\n", format_count(t.count), format_bytes(t.self_size),
                       printable(t.type));
  }
  out += "\n";
  out += emphasize(fmt::format("Top {} classes by count", r.top_by_count.size()), color);
  out += "\n";
  class_table(out, r.top_by_count);
  out += "\n";
  out += emphasize(fmt::format("Top {} classes by self size", r.top_by_self_size.size()), color);
  out += "\n";
  class_table(out, r.top_by_self_size);
  out += "\n";
  out += emphasize(fmt::format("Top {} classes by retained size", r.top_by_retained_size.size()),
                   color);
  out += "\n";
  class_table(out, r.top_by_retained_size);
  out += "\n";
  out += emphasize(fmt::format("Top {} objects by retained size", r.top_dominators.size()), color);
  out += "\n";
  for (const DominatorRow& d : r.top_dominators) {
    out += fmt::format("  {:>12}  {} @{}\n", format_bytes(d.node.retained_size),
                       clip_text(d.node.class_name, 70), d.node.id);
    out += fmt::format("  {:>12}  held by {}\n", "",
                       d.path.empty() ? std::string("nothing but weak references")
                                      : clip_text(path_one_line(d.path), 200));
  }
  if (r.detectors_ran) {
    out += "\n";
    out += render_findings_text(r.findings, color);
  }
  if (!r.timings.empty()) {
    out += "\n";
    out += timings_line(r.timings);
  }
  return out;
}

}  // namespace heapleak
