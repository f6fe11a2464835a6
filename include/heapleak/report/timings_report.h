// Phase timings as every report prints them: one text line, one JSON object.
#pragma once

#include <string>
#include <vector>

#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/report/json_writer.h"

namespace heapleak {

// "Timings: load 0.84 s, dominators 2.13 s\n", or "" without timings.
std::string timings_line(const std::vector<PhaseTime>& timings);
// "timings": {"load": 0.84, ...}
void write_timings_json(JsonWriter& w, const std::vector<PhaseTime>& timings);

}  // namespace heapleak
