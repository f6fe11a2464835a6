#include "heapleak/report/findings_report.h"

#include <fmt/format.h>

#include "heapleak/core/format.h"

namespace heapleak {

std::vector<FindingView> describe_findings(const Snapshot& s, const HeapAnalysis& a,
                                           std::vector<Finding> findings) {
  std::vector<FindingView> views;
  for (Finding& f : findings) {
    std::vector<PathStep> path;
    if (f.path.start != kNoNode) path = describe_path(s, a, f.path, kShownPathSteps);
    views.push_back({std::move(f), std::move(path)});
  }
  return views;
}

std::string render_findings_text(const std::vector<FindingView>& findings, bool color) {
  std::string out = emphasize(fmt::format("Findings ({})", findings.size()), color) + "\n";
  if (findings.empty()) out += "  No detector found a leak.\n";
  for (const FindingView& v : findings) {
    const Finding& f = v.finding;
    out += "\n";
    out += emphasize(
        fmt::format("  [{}] {}: {}", severity_name(f.severity), f.detector, printable(f.title)),
        color);
    out += "\n";
    out += fmt::format("      {} x {}, retaining {}; fixing it frees {}\n", format_count(f.count),
                       printable(f.class_name), format_bytes(f.retained_size),
                       format_bytes(f.bytes_freed));
    for (const Evidence& e : f.evidence) {
      out += fmt::format("      {}: {}\n", e.label, printable(e.value));
    }
    if (!v.path.empty()) out += fmt::format("      path: {}\n", path_one_line(v.path));
    if (!f.cut.empty()) out += fmt::format("      cut:  {}\n", printable(f.cut));
    out += fmt::format("      fix:  {}\n", printable(f.advice));
  }
  return out + "\n";
}

void write_findings_json(JsonWriter& w, const std::vector<FindingView>& findings) {
  w.key("findings").begin_array();
  for (const FindingView& v : findings) {
    const Finding& f = v.finding;
    w.begin_object()
        .field("detector", f.detector)
        .field("severity", severity_name(f.severity))
        .field("title", f.title)
        .field("class", f.class_name)
        .field("count", f.count)
        .field("retained_size", f.retained_size)
        .field("bytes_freed", f.bytes_freed)
        .field("cut", f.cut)
        .field("advice", f.advice);
    write_ids_json(w, "sample_ids", f.sample_ids);
    w.key("evidence").begin_object();
    for (const Evidence& e : f.evidence) w.field(e.label, e.value);
    w.end_object();
    w.key("path");
    write_path_json(w, v.path);
    w.end_object();
  }
  w.end_array();
}

}  // namespace heapleak
