#include "input/bus_error_guard.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <mutex>

namespace heapleak::detail {
namespace {

// Enough for every file one command maps at once (a diff's two or three snapshots).
constexpr size_t kSlots = 16;
constexpr size_t kMaxPath = 1024;

struct Slot {
  std::atomic<const char*> begin{nullptr};  // published last, cleared first
  size_t size = 0;
  char path[kMaxPath] = {};
};

std::array<Slot, kSlots> slots;
std::mutex registration;
struct sigaction previous {};

void write_all(const char* text, size_t length) {
  while (length > 0) {
    const ssize_t n = ::write(STDERR_FILENO, text, length);
    if (n <= 0) return;
    text += n;
    length -= static_cast<size_t>(n);
  }
}
void write_text(const char* text) { write_all(text, std::strlen(text)); }
void write_number(uint64_t value) {
  char digits[24];
  size_t at = sizeof digits;
  do {
    digits[--at] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  write_all(digits + at, sizeof digits - at);
}

// Only async-signal-safe calls: write() and _exit().
void on_bus_error(int signal, siginfo_t* info, void* context) {
  const char* const address = static_cast<const char*>(info->si_addr);
  for (const Slot& slot : slots) {
    const char* const begin = slot.begin.load(std::memory_order_acquire);
    if (begin == nullptr || address < begin || address >= begin + slot.size) continue;
    write_text("heapleak: error: ");
    write_text(slot.path);
    write_text(": byte ");
    write_number(static_cast<uint64_t>(address - begin));
    write_text(": the file became shorter while it was being read\n");
    ::_exit(2);
  }
  if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != nullptr) {
    previous.sa_sigaction(signal, info, context);
  } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(signal);
  } else {
    // Returning retries the access, which faults again and takes the default action.
    ::signal(SIGBUS, SIG_DFL);
  }
}

void install_once() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    struct sigaction action {};
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &previous);
  });
}

}  // namespace

bool guard_mapping(const char* begin, size_t size, const std::string& path) {
  install_once();
  std::lock_guard lock(registration);
  for (Slot& slot : slots) {
    if (slot.begin.load(std::memory_order_relaxed) != nullptr) continue;
    slot.size = size;
    const size_t length = std::min(path.size(), kMaxPath - 1);
    std::memcpy(slot.path, path.data(), length);
    slot.path[length] = '\0';
    slot.begin.store(begin, std::memory_order_release);
    return true;
  }
  return false;
}

void unguard_mapping(const char* begin) {
  std::lock_guard lock(registration);
  for (Slot& slot : slots) {
    if (slot.begin.load(std::memory_order_relaxed) == begin) {
      slot.begin.store(nullptr, std::memory_order_release);
    }
  }
}

}  // namespace heapleak::detail
