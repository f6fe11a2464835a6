// The heapleak command line: parses arguments (CLI11) and dispatches to one subcommand file
// each. Exit codes: 0 success, 1 leak found / budget exceeded, 2 usage or input error.
#pragma once

namespace heapleak::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitLeak = 1;
inline constexpr int kExitError = 2;

int run(int argc, char** argv);

}  // namespace heapleak::cli
