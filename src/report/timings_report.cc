#include "heapleak/report/timings_report.h"

#include <fmt/format.h>

namespace heapleak {

std::string timings_line(const std::vector<PhaseTime>& timings) {
  if (timings.empty()) return "";
  std::string phases;
  for (const PhaseTime& t : timings) {
    phases += fmt::format("{}{} {:.2f} s", phases.empty() ? "" : ", ", t.phase, t.seconds);
  }
  return fmt::format("Timings: {}\n", phases);
}

void write_timings_json(JsonWriter& w, const std::vector<PhaseTime>& timings) {
  w.key("timings").begin_object();
  for (const PhaseTime& t : timings) w.field(t.phase, t.seconds);
  w.end_object();
}

}  // namespace heapleak
