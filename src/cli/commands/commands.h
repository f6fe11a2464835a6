// One registration function per subcommand; each lives in its own file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace heapleak::cli {

struct GlobalOptions {
  bool quiet = false;
  unsigned threads = 0;
};

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

// --detectors a,b (default all, "none" for none), shared by summary and diff.
void add_detectors_option(CLI::App& command, std::vector<std::string>& detectors);
// False, after printing a usage error, when a name is no detector.
bool check_detector_names(const std::vector<std::string>& detectors);

// The positional SNAPSHOT argument every command takes.
void add_snapshot_argument(CLI::App& command, std::string& path);

// Writes to stdout; a closed pipe (`| head`) is not an error.
void write_stdout(const std::string& text);

}  // namespace heapleak::cli
