#include "heapleak/report/diff_report.h"
#include "heapleak/report/json_writer.h"
#include "heapleak/report/timings_report.h"

namespace heapleak {
namespace {

void series_values(JsonWriter& w, std::string_view key, const std::vector<uint64_t>& values) {
  w.key(key).begin_array();
  for (const uint64_t v : values) w.value(v);
  w.end_array();
}

void series_stats(JsonWriter& w, std::string_view key, const SeriesStats& stats) {
  w.key(key)
      .begin_object()
      .field("slope", stats.slope)
      .field("monotonic", stats.monotonic)
      .field("trend", trend_name(stats.trend));
  w.key("constant_step");
  if (stats.constant_step) {
    w.value(stats.step);
  } else {
    w.null();
  }
  w.end_object();
}

void write_inputs(JsonWriter& w, const DiffReport& r) {
  w.key("inputs").begin_array();
  for (const DiffInput& in : r.inputs) {
    w.begin_object()
        .field("role", in.role)
        .field("path", in.info.path)
        .field("compression", compression_name(in.info.compression))
        .field("file_bytes", in.info.file_bytes)
        .field("nodes", in.node_count)
        .field("edges", in.edge_count)
        .field("total_size", in.total_size)
        .end_object();
  }
  w.end_array();
}

void write_classes(JsonWriter& w, const DiffReport& r) {
  w.field("classes_between", r.classes_between);
  w.key("totals")
      .begin_object()
      .field("new", r.new_objects)
      .field("deleted", r.deleted_objects)
      .field("alloc_size", r.alloc_size)
      .field("freed_size", r.freed_size)
      .field("new_retained_size", r.new_retained_size)
      .end_object();
  w.key("classes").begin_array();
  for (size_t i = 0; i < r.classes.size() && i < r.top; ++i) {
    const ClassDiffRow& c = r.classes[i];
    w.begin_object()
        .field("key", c.key)
        .field("class", c.name)
        .field("new", c.new_count)
        .field("deleted", c.deleted_count)
        .field("delta", c.count_delta())
        .field("alloc_size", c.alloc_size)
        .field("freed_size", c.freed_size)
        .field("size_delta", c.size_delta())
        .field("new_retained_size", c.new_retained_size)
        .end_object();
  }
  w.end_array();
}

void write_histogram(JsonWriter& w, const DiffReport& r) {
  w.key("classes").begin_array();
  for (size_t i = 0; i < r.histogram.size() && i < r.top; ++i) {
    const ClassHistogramRow& h = r.histogram[i];
    w.begin_object()
        .field("class", h.name)
        .field("before_count", h.before_count)
        .field("after_count", h.after_count)
        .field("delta", h.count_delta())
        .field("before_self_size", h.before_self)
        .field("after_self_size", h.after_self)
        .field("before_retained_size", h.before_retained)
        .field("after_retained_size", h.after_retained)
        .field("retained_delta", h.retained_delta())
        .end_object();
  }
  w.end_array();
}

void write_leaks(JsonWriter& w, const DiffReport& r) {
  w.key("leak_candidates")
      .begin_object()
      .field("surviving_new_objects", r.candidates.surviving)
      .field("candidates", r.candidate_count)
      .field("dominated_by_other_candidates", r.dominated_candidates)
      .field("via_devtools_console", r.via_devtools_console);
  w.key("dropped").begin_object();
  for (size_t k = 0; k < r.candidates.dropped.size(); ++k) {
    w.field(noise_kind_name(static_cast<NoiseKind>(k)), r.candidates.dropped[k]);
  }
  w.end_object().end_object();
  w.field("clusters_total", r.clusters_total);
  w.key("clusters").begin_array();
  for (const ClusterView& c : r.clusters) {
    w.begin_object()
        .field("signature", c.signature)
        .field("class", c.class_name)
        .field("count", c.count)
        .field("retained_size", c.retained_size)
        .field("normalized_path", c.normalized_path);
    write_ids_json(w, "sample_ids", c.sample_ids);
    w.key("path");
    write_path_json(w, c.path);
    w.end_object();
  }
  w.end_array();
}

void write_series(JsonWriter& w, const DiffReport& r) {
  w.key("series").begin_object();
  w.key("classes").begin_array();
  for (const ClassSeries& c : r.series.classes) {
    w.begin_object().field("key", c.key).field("class", c.name).field("trend", trend_name(c.trend));
    series_values(w, "counts", c.counts);
    series_values(w, "retained_sizes", c.retained_sizes);
    series_stats(w, "count_stats", c.count_stats);
    series_stats(w, "retained_stats", c.retained_stats);
    w.end_object();
  }
  w.end_array();
  w.key("collections").begin_array();
  for (const CollectionSeries& c : r.series.collections) {
    w.begin_object()
        .field("id", uint64_t{c.id})
        .field("class", c.class_name)
        .field("trend", trend_name(c.trend));
    series_values(w, "entries", c.entries);
    series_values(w, "retained_sizes", c.retained_sizes);
    series_stats(w, "entries_stats", c.entries_stats);
    series_stats(w, "retained_stats", c.retained_stats);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace

std::string render_diff_json(const DiffReport& r) {
  JsonWriter w;
  w.begin_object()
      .field("schema_version", kDiffSchemaVersion)
      .field("kind", "diff")
      .field("mode", diff_mode_name(r.mode));
  write_inputs(w, r);
  w.key("id_overlap")
      .begin_object()
      .field("shared_ids", r.overlap.shared)
      .field("consistent_ids", r.overlap.consistent)
      .field("smaller_snapshot_nodes", r.overlap.smaller_side)
      .end_object();
  if (r.mode == DiffMode::kByClass) {
    write_histogram(w, r);
  } else {
    write_classes(w, r);
  }
  if (r.mode == DiffMode::kSeries) write_series(w, r);
  if (r.detectors_ran) write_findings_json(w, r.findings);
  if (r.has_leaks) write_leaks(w, r);
  write_timings_json(w, r.timings);
  w.end_object();
  return w.str() + "\n";
}

}  // namespace heapleak
