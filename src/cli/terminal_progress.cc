#include "cli/terminal_progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "heapleak/core/format.h"

namespace heapleak::cli {
namespace {
bool g_drawn = false;
}

ProgressFn make_terminal_progress(bool quiet) {
  if (quiet || !::isatty(STDERR_FILENO)) return {};
  return [](std::string_view phase, uint64_t done, uint64_t total) {
    std::string line;
    if (total > 0) {
      constexpr int kWidth = 30;
      const double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
      const int filled = static_cast<int>(frac * kWidth);
      line = fmt::format("\r{} [{}{}] {:3.0f}% {} / {}", phase,
                         std::string(static_cast<size_t>(filled), '#'),
                         std::string(static_cast<size_t>(kWidth - filled), '.'), frac * 100,
                         format_bytes(done), format_bytes(total));
    } else {
      line = fmt::format("\r{} {}", phase, format_bytes(done));
    }
    std::fputs(line.c_str(), stderr);
    std::fputs("\x1b[K", stderr);
    std::fflush(stderr);
    g_drawn = true;
  };
}

ProgressFn make_terminal_steps(bool quiet, std::string_view title) {
  if (quiet || !::isatty(STDERR_FILENO)) return {};
  return [title = std::string(title)](std::string_view step, uint64_t done, uint64_t total) {
    fmt::print(stderr, "\r{}: {} ({}/{})\x1b[K", title, step, done, total);
    std::fflush(stderr);
    g_drawn = true;
  };
}

void clear_terminal_progress() {
  if (!g_drawn) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  g_drawn = false;
}

}  // namespace heapleak::cli
