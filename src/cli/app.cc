#include "cli/app.h"

#include <fmt/format.h>
#include <malloc.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <new>
#include <string>
#include <string_view>

#include "cli/commands/commands.h"
#include "heapleak/core/error.h"

namespace heapleak::cli {

void write_stdout(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    if (errno == EPIPE) return;  // the reader went away (`| head`): not an error
  }
}

CLI::Validator non_negative_integer() {
  return CLI::Validator(
      [](const std::string& value) -> std::string {
        if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos) return "";
        return "expected a whole number of 0 or more, found " + value;
      },
      "UINT");
}

void add_snapshot_argument(CLI::App& command, std::string& path) {
  command
      .add_option("snapshot", path,
                  "Heap snapshot file (.heapsnapshot, gzip or zstd compressed), or - for stdin")
      ->required();
}

namespace {

// A bound on what --threads accepts (30,000 threads would fail to start); the loader uses at
// most as many workers as there are cores in any case.
constexpr unsigned kMaxThreads = 256;

// One line, like every other error: CLI11's own form is two, without the tool's name.
void report_usage_error(const CLI::App& app, int argc, char** argv, const CLI::ParseError& e) {
  std::string message = e.what();
  const bool no_command = e.get_name() == "RequiredError" || e.get_name() == "ExtrasError";
  if (app.get_subcommands().empty() && no_command) {
    std::string commands;
    for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
      commands += (commands.empty() ? "" : ", ") + command->get_name();
    }
    message = "no command given: one of " + commands;
    // A word that names no subcommand is taken for an extra argument; say what it is.
    for (int i = 1; i < argc; ++i) {
      const std::string_view word = argv[i];
      if (word == "--threads") ++i;  // its value
      if (word.empty() || word[0] == '-') continue;
      message = fmt::format("unknown command '{}'", word);
      break;
    }
  }
  const std::string command = app.get_subcommands().empty()
                                  ? "heapleak"
                                  : "heapleak " + app.get_subcommands().front()->get_name();
  fmt::print(stderr, "heapleak: error: {} (see {} --help)\n", message, command);
}

}  // namespace

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
  app.add_option("--threads", globals.threads,
                 "Worker threads for parsing and analysis (default: all cores; 1: no parallel "
                 "work; more than the cores are not used)")
      ->check(CLI::Range(1u, kMaxThreads));
  std::function<int()> action;
  register_summary_command(app, globals, &action);
  register_diff_command(app, globals, &action);
  register_detectors_command(app, globals, &action);
  register_paths_command(app, globals, &action);
  register_nodes_command(app, globals, &action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e) == 0 ? kExitOk : kExitError;  // --help
    report_usage_error(app, argc, argv, e);
    return kExitError;
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
