#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "input/raw_file.h"

namespace heapleak::detail {

RawFile::RawFile(int fd, bool owns_fd, uint64_t size) : fd_(fd), owns_fd_(owns_fd), size_(size) {}

RawFile::~RawFile() {
  if (owns_fd_) ::close(fd_);
}

size_t RawFile::read(char* dst, size_t n) {
  if (pushed_back_pos_ < pushed_back_.size()) {
    const size_t k = std::min(n, pushed_back_.size() - pushed_back_pos_);
    std::memcpy(dst, pushed_back_.data() + pushed_back_pos_, k);
    pushed_back_pos_ += k;
    return k;
  }
  for (;;) {
    const ssize_t got = ::read(fd_, dst, n);
    if (got >= 0) {
      position_ += static_cast<uint64_t>(got);
      return static_cast<size_t>(got);
    }
    if (errno == EINTR) continue;
    fail(ErrorCode::kIo, "byte " + std::to_string(position_), std::strerror(errno));
  }
}

std::string RawFile::peek(size_t n) {
  std::string head(n, '\0');
  size_t have = 0;
  while (have < n) {
    const size_t got = read(head.data() + have, n - have);
    if (got == 0) break;
    have += got;
  }
  head.resize(have);
  pushed_back_ = head;
  pushed_back_pos_ = 0;
  return head;
}

}  // namespace heapleak::detail
