// Detector findings as reports show them (text and JSON), shared by `diff` and `summary`.
#pragma once

#include <string>
#include <vector>

#include "heapleak/detect/detector.h"
#include "heapleak/report/json_writer.h"
#include "heapleak/report/path_report.h"

namespace heapleak {

struct FindingView {
  Finding finding;
  std::vector<PathStep> path;
};

std::vector<FindingView> describe_findings(const Snapshot& s, const HeapAnalysis& a,
                                           std::vector<Finding> findings);
std::string render_findings_text(const std::vector<FindingView>& findings, bool color);
// A top-level "findings" list.
void write_findings_json(JsonWriter& w, const std::vector<FindingView>& findings);

}  // namespace heapleak
