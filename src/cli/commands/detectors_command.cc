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
          .field("summary", d.summary);
      w.key("options").begin_array();
      for (const DetectorOption& o : d.options) {
        w.begin_object()
            .field("name", o.name)
            .field("default", o.default_value)
            .field("meaning", o.meaning)
            .end_object();
      }
      w.end_array().end_object();
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
    for (const DetectorOption& o : d.options) {
      out += fmt::format("  {:<20} {:<14}   --detector-option {}.{}={}: {}\n", "", "", d.name,
                         o.name, o.default_value, o.meaning);
    }
  }
  out +=
      "\n`heapleak summary` runs the one-snapshot passes; `heapleak diff` runs them all. Select "
      "with --detectors a,b (or --detectors none).\n";
  write_stdout(out);
  return kExitOk;
}

}  // namespace

void add_detector_options(CLI::App& command, DetectorArgs& args) {
  command
      .add_option("--detectors", args.detectors,
                  "Detector passes to run, comma-separated (default: all that apply; 'none' for "
                  "none; `heapleak detectors` lists them)")
      ->delimiter(',');
  command.add_option("--detector-option", args.options,
                     "A pass's threshold, PASS.OPTION=VALUE (repeatable; `heapleak detectors` "
                     "lists them), e.g. growing-collection.warn-count=50");
}

std::optional<DetectorSettings> check_detector_args(const DetectorArgs& args) {
  if (!args.none()) {
    const auto unknown = unknown_detectors(args.detectors);
    if (!unknown.empty()) {
      fmt::print(stderr, "heapleak: error: unknown detector '{}' (heapleak detectors lists them)\n",
                 unknown.front());
      return std::nullopt;
    }
  }
  DetectorSettings settings;
  for (const std::string& assignment : args.options) {
    if (const auto error = add_detector_setting(settings, assignment)) {
      fmt::print(stderr, "heapleak: error: --detector-option: {} (heapleak detectors lists them)\n",
                 *error);
      return std::nullopt;
    }
  }
  return settings;
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
