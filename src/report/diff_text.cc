#include <fmt/format.h>

#include "heapleak/core/format.h"
#include "heapleak/report/diff_report.h"
#include "heapleak/report/timings_report.h"

namespace heapleak {
namespace {

std::string title(const DiffReport& r) {
  switch (r.mode) {
    case DiffMode::kTwo:
      return fmt::format("Diff {} -> {}", r.inputs[0].info.path, r.inputs[1].info.path);
    case DiffMode::kThree:
      return fmt::format("Leaks: baseline {}, target {}, final {}", r.inputs[0].info.path,
                         r.inputs[1].info.path, r.inputs[2].info.path);
    case DiffMode::kSeries:
      return fmt::format("Series of {} snapshots", r.inputs.size());
    case DiffMode::kByClass:
      return fmt::format("Class histogram diff {} -> {}", r.inputs[0].info.path,
                         r.inputs[1].info.path);
  }
  return "";
}

void inputs_block(std::string& out, const DiffReport& r) {
  for (const DiffInput& in : r.inputs) {
    out += fmt::format("  {:<9} {}  ({} nodes, {}{})\n", in.role, in.info.path,
                       format_count(in.node_count), format_bytes(in.info.file_bytes),
                       in.total_size ? ", heap " + format_bytes(in.total_size) : "");
  }
}

void classes_block(std::string& out, const DiffReport& r, bool color) {
  out +=
      emphasize(fmt::format("Classes that changed ({}, objects matched by id; {} of {})",
                            r.classes_between, std::min(r.top, r.classes.size()), r.classes.size()),
                color);
  out += "\n";
  out += fmt::format("  {:>8} {:>8} {:>8} {:>11} {:>11} {:>11} {:>13}  {}\n", "# new", "# deleted",
                     "# delta", "alloc", "freed", "size delta", "new retains", "class");
  for (size_t i = 0; i < r.classes.size() && i < r.top; ++i) {
    const ClassDiffRow& c = r.classes[i];
    out += fmt::format("  {:>8} {:>8} {:>8} {:>11} {:>11} {:>11} {:>13}  {}\n",
                       format_count(c.new_count), format_count(c.deleted_count),
                       format_signed_count(c.count_delta()), format_bytes(c.alloc_size),
                       format_bytes(c.freed_size), format_signed_bytes(c.size_delta()),
                       format_bytes(c.new_retained_size), clip_text(c.name, 60));
  }
  out += fmt::format("  total: {} new ({}), {} deleted ({}); new objects retain {}\n\n",
                     format_count(r.new_objects), format_bytes(r.alloc_size),
                     format_count(r.deleted_objects), format_bytes(r.freed_size),
                     format_bytes(r.new_retained_size));
}

void clusters_block(std::string& out, const DiffReport& r, bool color) {
  const char* born = r.mode == DiffMode::kThree    ? "allocated between baseline and target"
                     : r.mode == DiffMode::kSeries ? "allocated after the first snapshot"
                                                   : "new in the second snapshot";
  out += emphasize(fmt::format("Leak clusters: objects {} and still alive, grouped by retainer "
                               "path ({} shown of {})",
                               born, r.clusters.size(), r.clusters_total),
                   color);
  out += "\n";
  out += fmt::format("  {} candidates after dropping noise from {} surviving new objects",
                     format_count(r.candidate_count), format_count(r.candidates.surviving));
  std::string dropped;
  for (size_t k = 0; k < r.candidates.dropped.size(); ++k) {
    if (r.candidates.dropped[k] == 0) continue;
    dropped +=
        fmt::format("{}{} {}", dropped.empty() ? "" : ", ", format_count(r.candidates.dropped[k]),
                    noise_kind_name(static_cast<NoiseKind>(k)));
  }
  if (!dropped.empty()) out += " (dropped: " + dropped + ")";
  out += fmt::format(";\n  {} of them live inside another candidate's retained size.\n",
                     format_count(r.dominated_candidates));
  if (r.clusters.empty()) {
    out += r.min_retained
               ? fmt::format("  No cluster retains {} or more.\n", format_bytes(r.min_retained))
               : std::string("  No leak candidates.\n");
  }
  for (size_t i = 0; i < r.clusters.size(); ++i) {
    const ClusterView& c = r.clusters[i];
    out += "\n";
    out += emphasize(fmt::format("  #{}  {} x {}, retaining {}", i + 1, format_count(c.count),
                                 printable(c.class_name), format_bytes(c.retained_size)),
                     color);
    out += fmt::format("   signature {}\n", c.signature);
    out += fmt::format("      held by {}\n", clip_text(path_one_line(c.path), 300));
    out += render_path_text(c.path, "      ");
    std::string ids;
    for (const NodeId id : c.sample_ids) ids += fmt::format("{}@{}", ids.empty() ? "" : " ", id);
    out += fmt::format("      e.g. {}  (more: heapleak paths {} --id ID)\n", ids,
                       r.inputs.back().info.path);
  }
  out += "\n";
}

// "(+20.0/snapshot, exactly +20 each step)"
std::string slope_text(const SeriesStats& stats) {
  std::string text = fmt::format("({:+.1f}/snapshot", stats.slope);
  if (stats.constant_step) text += fmt::format(", exactly {:+} each step", stats.step);
  return text + ")";
}

std::string values(const std::vector<uint64_t>& v, bool bytes) {
  std::string s;
  for (const uint64_t x : v) {
    s += (s.empty() ? "" : " > ") + (bytes ? format_bytes(x) : format_count(x));
  }
  return s;
}

void series_block(std::string& out, const DiffReport& r, bool color) {
  const auto& classes = r.series.classes;
  size_t shown = 0;
  out += emphasize(
      "Classes over the series (count; retained size), growing first; V8 "
      "internals such as (compiled code) are in the JSON only",
      color);
  out += "\n";
  for (const ClassSeries& c : classes) {
    if (shown == r.top || c.trend == Trend::kStable || c.trend == Trend::kShrinking) break;
    if (c.name.starts_with("(") || c.name.starts_with("system / ")) continue;
    ++shown;
    out += fmt::format("  {:<9} {}\n      count    {}  {}\n      retained {}\n",
                       trend_name(c.trend), clip_text(c.name, 70), values(c.counts, false),
                       slope_text(c.count_stats), values(c.retained_sizes, true));
  }
  if (shown == 0) out += "  No class grew.\n";
  out += "\n";
  out += emphasize("Collections alive in every snapshot (same id) that changed", color);
  out += "\n";
  shown = 0;
  for (const CollectionSeries& c : r.series.collections) {
    if (shown == r.top) break;
    ++shown;
    out += fmt::format("  {:<9} {} @{}\n      entries  {}  {}\n      retained {}\n",
                       trend_name(c.trend), printable(c.class_name), c.id, values(c.entries, false),
                       slope_text(c.entries_stats), values(c.retained_sizes, true));
  }
  if (shown == 0) out += "  No collection changed.\n";
  out += "\n";
}

void histogram_block(std::string& out, const DiffReport& r, bool color) {
  out += emphasize(fmt::format("Classes that changed, matched by class name ({} of {})",
                               std::min(r.top, r.histogram.size()), r.histogram.size()),
                   color);
  out += "\n";
  out += fmt::format("  {:>10} {:>10} {:>9} {:>12} {:>12} {:>12}  {}\n", "count", "count", "delta",
                     "retained", "retained", "delta", "class");
  for (size_t i = 0; i < r.histogram.size() && i < r.top; ++i) {
    const ClassHistogramRow& h = r.histogram[i];
    out += fmt::format("  {:>10} {:>10} {:>9} {:>12} {:>12} {:>12}  {}\n",
                       format_count(h.before_count), format_count(h.after_count),
                       format_signed_count(h.count_delta()), format_bytes(h.before_retained),
                       format_bytes(h.after_retained), format_signed_bytes(h.retained_delta()),
                       clip_text(h.name, 60));
  }
  out += "\n";
}

}  // namespace

std::string render_diff_text(const DiffReport& r, bool color) {
  std::string out = emphasize(title(r), color) + "\n";
  inputs_block(out, r);
  out += "\n";
  if (r.mode == DiffMode::kByClass) {
    histogram_block(out, r, color);
  } else {
    classes_block(out, r, color);
  }
  if (r.mode == DiffMode::kSeries) series_block(out, r, color);
  if (r.detectors_ran) out += render_findings_text(r.findings, color);
  if (r.has_leaks) clusters_block(out, r, color);
  return out + timings_line(r.timings);
}

}  // namespace heapleak
