#include "heapleak/report/json_writer.h"
#include "heapleak/report/summary.h"
#include "heapleak/report/timings_report.h"

namespace heapleak {
namespace {

void class_rows(JsonWriter& w, const std::vector<ClassRow>& rows) {
  w.begin_array();
  for (const ClassRow& row : rows) {
    w.begin_object()
        .field("class", row.name)
        .field("class_key", row.key)
        .field("count", row.count)
        .field("self_size", row.self_size)
        .field("retained_size", row.retained_size)
        .field("distance", row.distance)
        .end_object();
  }
  w.end_array();
}

}  // namespace

std::string render_summary_json(const SummaryReport& r) {
  JsonWriter w;
  w.begin_object();
  w.field("schema_version", kSummarySchemaVersion);
  w.field("kind", "summary");
  w.key("input")
      .begin_object()
      .field("path", r.input.path)
      .field("compression", compression_name(r.input.compression))
      .field("file_bytes", r.input.file_bytes)
      .field("json_bytes", r.input.json_bytes)
      .field("json_kernel", r.input.json_kernel)
      .field("load_seconds", r.input.seconds)
      .end_object();
  w.key("shape")
      .begin_object()
      .field("producer", r.shape.producer)
      .field("node_layout", r.shape.node_layout)
      .field("node_field_count", static_cast<uint64_t>(r.shape.node_field_count))
      .field("has_user_roots", r.shape.has_user_roots)
      .field("root_global_shortcuts", r.shape.root_global_shortcuts)
      .field("newest_v8_fields", r.shape.newest_v8_fields);
  w.key("global_objects").begin_array();
  for (const auto& g : r.shape.global_objects) w.value(g);
  w.end_array().end_object();
  w.field("node_count", r.node_count);
  w.field("edge_count", r.edge_count);
  w.field("string_count", r.string_count);
  w.field("location_count", r.location_count);
  w.field("total_self_size", r.total_self_size);
  w.field("total_size", r.total_size);
  w.field("reassigned_nodes", r.reassigned_nodes);
  w.field("orphan_nodes", r.orphan_nodes);
  w.field("unreachable_nodes", r.unreachable_nodes);
  w.field("unreachable_size", r.unreachable_size);
  w.field("extra_native_bytes", r.extra_native_bytes);
  w.field("class_count", r.class_count);
  w.field("interface_count", r.interface_count);
  w.field("detached_dom_nodes", r.detached_dom_nodes);
  w.field("detached_native_nodes", r.detached_native_nodes);
  w.key("types").begin_array();
  for (const TypeRow& t : r.types) {
    w.begin_object()
        .field("type", t.type)
        .field("count", t.count)
        .field("self_size", t.self_size)
        .end_object();
  }
  w.end_array();
  w.key("top_classes_by_count");
  class_rows(w, r.top_by_count);
  w.key("top_classes_by_self_size");
  class_rows(w, r.top_by_self_size);
  w.key("top_classes_by_retained_size");
  class_rows(w, r.top_by_retained_size);
  w.key("top_dominators").begin_array();
  for (const DominatorRow& d : r.top_dominators) {
    w.begin_object();
    write_node_json(w, d.node);
    w.key("path");
    write_path_json(w, d.path);
    w.end_object();
  }
  w.end_array();
  if (r.detectors_ran) write_findings_json(w, r.findings);
  write_timings_json(w, r.timings);
  w.end_object();
  return w.str() + "\n";
}

}  // namespace heapleak
