// Helpers shared by the tests: fixture paths, temporary files, running commands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "heapleak/snapshot/snapshot.h"

namespace heapleak::testing {

// Absolute path of a file under the source tree's fixtures/ directory.
std::string fixture_path(std::string_view relative);
// Every committed real snapshot fixture (relative to fixtures/), e.g. "node/plain.heapsnapshot.gz".
std::vector<std::string> real_fixtures();
// Every hand-written tiny snapshot (relative to fixtures/).
std::vector<std::string> tiny_fixtures();

// A file in a fresh per-test temporary directory, removed at exit.
std::string temp_path(std::string_view name);
std::string write_temp(std::string_view name, std::string_view contents);
std::string read_file(const std::string& path);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs `command` through /bin/sh, capturing stdout and stderr.
CommandResult run_command(const std::string& command);

// Loads a fixture (relative to fixtures/) and fails the current test if it does not load.
Snapshot load_fixture(std::string_view relative);

std::string heapleak_binary();
std::string python();
std::string source_dir();

}  // namespace heapleak::testing
