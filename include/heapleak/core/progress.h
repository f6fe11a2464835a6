// Progress reporting from long-running library stages to whoever draws it (the CLI).
// The library never prints: it calls a ProgressFn, and only from the thread that runs the
// stage. `total` is 0 when unknown (stdin, compressed input of unknown size).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

namespace heapleak {

using ProgressFn = std::function<void(std::string_view phase, uint64_t done, uint64_t total)>;

// Rate-limits calls to a ProgressFn to about 20 per second, plus the final one.
class ProgressThrottle {
 public:
  explicit ProgressThrottle(ProgressFn fn) : fn_(std::move(fn)) {}
  void update(std::string_view phase, uint64_t done, uint64_t total);
  void finish(std::string_view phase, uint64_t done, uint64_t total);

 private:
  ProgressFn fn_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace heapleak
