#include "cli/analyzed_snapshot.h"

#include <fmt/format.h>

#include "cli/terminal_progress.h"

namespace heapleak::cli {

std::optional<LoadedSnapshot> load_for_command(const std::string& path,
                                               const GlobalOptions& globals) {
  LoadOptions options;
  options.threads = globals.threads;
  options.progress = make_terminal_progress(globals.quiet);
  auto loaded = load_snapshot(path, options);
  clear_terminal_progress();
  if (!loaded.ok()) {
    fmt::print(stderr, "heapleak: error: {}\n", loaded.error().what());
    return std::nullopt;
  }
  return std::move(loaded.value());
}

std::optional<AnalyzedSnapshot> analyze_for_command(const std::string& path,
                                                    const GlobalOptions& globals,
                                                    AnalysisOptions options) {
  auto loaded = load_for_command(path, globals);
  if (!loaded) return std::nullopt;
  options.progress = make_terminal_steps(globals.quiet, "analyzed");
  options.parallel = globals.threads != 1;
  HeapAnalysis analysis = HeapAnalysis::run(loaded->snapshot, options);
  clear_terminal_progress();
  return AnalyzedSnapshot{std::move(*loaded), std::move(analysis)};
}

}  // namespace heapleak::cli
