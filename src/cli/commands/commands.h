// One registration function per subcommand; each lives in its own file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "heapleak/detect/detector.h"

namespace heapleak::cli {

struct GlobalOptions {
  bool quiet = false;
  unsigned threads = 0;
};

// A whole number of 0 or more, for unsigned options: CLI11 alone would read "-5" as 2^64 - 5.
CLI::Validator non_negative_integer();

// Adds the subcommand to `app`; when it is chosen, `*action` is set to run it.
void register_summary_command(CLI::App& app, const GlobalOptions& globals,
                              std::function<int()>* action);

void register_nodes_command(CLI::App& app, const GlobalOptions& globals,
                            std::function<int()>* action);
void register_diff_command(CLI::App& app, const GlobalOptions& globals,
                           std::function<int()>* action);
void register_paths_command(CLI::App& app, const GlobalOptions& globals,
                            std::function<int()>* action);

void register_detectors_command(CLI::App& app, const GlobalOptions& globals,
                                std::function<int()>* action);

// --detectors a,b (default all, "none" for none) and --detector-option PASS.NAME=VALUE,
// shared by summary and diff.
struct DetectorArgs {
  std::vector<std::string> detectors;
  std::vector<std::string> options;
  bool none() const { return detectors == std::vector<std::string>{"none"}; }
};
void add_detector_options(CLI::App& command, DetectorArgs& args);
// The settings, or nullopt after printing a usage error (an unknown pass or option).
std::optional<DetectorSettings> check_detector_args(const DetectorArgs& args);

// The positional SNAPSHOT argument every command takes.
void add_snapshot_argument(CLI::App& command, std::string& path);

// Writes to stdout; a closed pipe (`| head`) is not an error.
void write_stdout(const std::string& text);

}  // namespace heapleak::cli
