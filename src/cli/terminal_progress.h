// A progress bar on stderr, drawn only when stderr is a terminal and --quiet is off.
#pragma once

#include "heapleak/core/progress.h"

namespace heapleak::cli {

// Returns an empty ProgressFn when no bar should be drawn.
ProgressFn make_terminal_progress(bool quiet);
// Like make_terminal_progress, for stages that count steps instead of bytes.
ProgressFn make_terminal_steps(bool quiet, std::string_view title);
// Clears the bar's line, if one was drawn.
void clear_terminal_progress();

}  // namespace heapleak::cli
