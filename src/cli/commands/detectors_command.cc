#include <fmt/format.h>

#include <memory>

#include "cli/app.h"
#include "cli/commands/commands.h"
#include "heapleak/detect/detector.h"
#include "heapleak/report/json_writer.h"

namespace heapleak::cli {
namespace {

constexpr int kDetectorsSchemaVersion = 1;

int run_detectors_list(const std::string& format) {
  if (format == "json") {
    JsonWriter w;
    w.begin_object().field("schema_version", kDetectorsSchemaVersion).field("kind", "detectors");
    w.key("detectors").begin_array();
    for (const Detector& d : detector_registry()) {
      w.begin_object()
          .field("name", d.name)
          .field("needs", d.needs == DetectorNeeds::kOneSnapshot ? "one snapshot" : "two snapshots")
          .field("summary", d.summary)
          .end_object();
    }
    w.end_array().end_object();
    write_stdout(w.str() + "\n");
    return kExitOk;
  }
  std::string out = "Detector passes, in the order they claim leaks:\n";
  for (const Detector& d : detector_registry()) {
    out += fmt::format("  {:<20} {:<14} {}\n", d.name,
                       d.needs == DetectorNeeds::kOneSnapshot ? "1+ snapshots" : "2+ snapshots",
                       d.summary);
  }
  out +=
      "\n`heapleak summary` runs the one-snapshot passes; `heapleak diff` runs them all. Select "
      "with --detectors a,b (or --detectors none).\n";
  write_stdout(out);
  return kExitOk;
}

}  // namespace

void add_detectors_option(CLI::App& command, std::vector<std::string>& detectors) {
  command
      .add_option("--detectors", detectors,
                  "Detector passes to run, comma-separated (default: all that apply; 'none' for "
                  "none; `heapleak detectors` lists them)")
      ->delimiter(',');
}

bool check_detector_names(const std::vector<std::string>& detectors) {
  if (detectors == std::vector<std::string>{"none"}) return true;
  const auto unknown = unknown_detectors(detectors);
  if (unknown.empty()) return true;
  fmt::print(stderr, "heapleak: error: unknown detector '{}' (heapleak detectors lists them)\n",
             unknown.front());
  return false;
}

void register_detectors_command(CLI::App& app, const GlobalOptions&, std::function<int()>* action) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("detectors", "List the leak detector passes");
  cmd->add_option("--format", *format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([format, action] { *action = [format] { return run_detectors_list(*format); }; });
}

}  // namespace heapleak::cli
