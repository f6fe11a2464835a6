// Loading and analyzing a snapshot the way every command does: progress on the terminal,
// errors printed as one line on stderr.
#pragma once

#include <optional>
#include <string>

#include "cli/commands/commands.h"
#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/snapshot/load.h"

namespace heapleak::cli {

struct AnalyzedSnapshot {
  LoadedSnapshot loaded;
  HeapAnalysis analysis;
  const Snapshot& snapshot() const { return loaded.snapshot; }
};

// nullopt after printing the error (exit code 2 for the caller).
std::optional<LoadedSnapshot> load_for_command(const std::string& path,
                                               const GlobalOptions& globals);
std::optional<AnalyzedSnapshot> analyze_for_command(const std::string& path,
                                                    const GlobalOptions& globals,
                                                    AnalysisOptions options = {});

}  // namespace heapleak::cli
