#include "heapleak/core/progress.h"

namespace heapleak {

void ProgressThrottle::update(std::string_view phase, uint64_t done, uint64_t total) {
  if (!fn_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(50)) return;
  last_ = now;
  fn_(phase, done, total);
}

void ProgressThrottle::finish(std::string_view phase, uint64_t done, uint64_t total) {
  if (fn_) fn_(phase, done, total);
}

}  // namespace heapleak
