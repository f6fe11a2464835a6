#include "cli/app.h"

#include <fmt/format.h>
#include <malloc.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <new>

#include "cli/commands/commands.h"
#include "heapleak/core/error.h"

namespace heapleak::cli {

void write_stdout(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    if (errno == EPIPE) return;  // the reader went away (`| head`): not an error
  }
}

void add_snapshot_argument(CLI::App& command, std::string& path) {
  command
      .add_option("snapshot", path,
                  "Heap snapshot file (.heapsnapshot, gzip or zstd compressed), or - for stdin")
      ->required();
}

int run(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  // A fixed mmap threshold stops glibc from keeping the worker threads' freed 4 MB chunk
  // buffers in its arenas (its dynamic threshold would grow past them), which would add to
  // the peak RSS of every command.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  CLI::App app{
      "heapleak: a fast leak analyzer for V8 heap snapshots (Chrome, Node.js, Electron, Deno)",
      "heapleak"};
  app.set_version_flag("--version", "heapleak 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand
  GlobalOptions globals;
  app.add_flag("-q,--quiet", globals.quiet, "No progress output on stderr");
  app.add_option(
      "--threads", globals.threads,
      "Worker threads for parsing and analysis (default: all cores; 1: no parallel work)");
  std::function<int()> action;
  register_summary_command(app, globals, &action);
  register_diff_command(app, globals, &action);
  register_detectors_command(app, globals, &action);
  register_paths_command(app, globals, &action);
  register_nodes_command(app, globals, &action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitError;
  }
  if (!action) return kExitError;
  // Input errors are reported where the input is read; this is for what the analysis itself
  // cannot do (a graph beyond its 32-bit limits, memory running out), which should still end
  // in one line and exit code 2 rather than an abort.
  try {
    return action();
  } catch (const Error& e) {
    fmt::print(stderr, "heapleak: error: {}\n", e.what());
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "heapleak: error: out of memory\n");
  }
  return kExitError;
}

}  // namespace heapleak::cli
