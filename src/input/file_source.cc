#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "input/bus_error_guard.h"
#include "input/raw_file.h"

namespace heapleak::detail {

RawFile::RawFile(int fd, bool owns_fd, uint64_t size, bool mappable, std::string path)
    : fd_(fd),
      owns_fd_(owns_fd),
      size_(size),
      mappable_(mappable && size > 0),
      path_(std::move(path)) {}

RawFile::~RawFile() {
  if (mapping_ != nullptr) {
    unguard_mapping(mapping_);
    ::munmap(mapping_, mapping_span_);
  }
  if (owns_fd_) ::close(fd_);
}

char* RawFile::mapped_bytes() {
  if (mapping_ != nullptr || !mappable_) return mapping_;
  mappable_ = false;  // one attempt
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  static_assert(kMappedSlack <= 4096);  // within the page of zeros
  // Anonymous zero pages first, then the file over all but the last of them: the reads past
  // the end find zeros there instead of a fault.
  const size_t file_span = (size_ + page - 1) / page * page;
  const size_t span = file_span + page;
  void* base = ::mmap(nullptr, span, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) return nullptr;
  if (::mmap(base, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd_, 0) == MAP_FAILED ||
      !guard_mapping(static_cast<char*>(base), size_, path_)) {
    ::munmap(base, span);
    return nullptr;
  }
  mapping_ = static_cast<char*>(base);
  mapping_span_ = span;
  page_ = page;
  return mapping_;
}

void RawFile::skip_to(uint64_t offset) {
  if (mapping_ == nullptr) return;
  position_ = std::min(offset, size_);
  release_read_pages();
}

// The mapped pages read are given back (a page read again is mapped again from the file), so
// that the file does not pile up in memory as it is read.
void RawFile::release_read_pages() {
  constexpr uint64_t kReleaseEvery = uint64_t{1} << 20;
  const uint64_t below = position_ / page_ * page_;
  if (below >= released_ + kReleaseEvery || (below > released_ && position_ == size_)) {
    ::madvise(mapping_ + released_, below - released_, MADV_DONTNEED);
    released_ = below;
  }
}

size_t RawFile::read(char* dst, size_t n) {
  if (pushed_back_pos_ < pushed_back_.size()) {
    const size_t k = std::min(n, pushed_back_.size() - pushed_back_pos_);
    std::memcpy(dst, pushed_back_.data() + pushed_back_pos_, k);
    pushed_back_pos_ += k;
    return k;
  }
  if (mapping_ != nullptr) {
    const size_t k = static_cast<size_t>(std::min<uint64_t>(n, size_ - position_));
    std::memcpy(dst, mapping_ + position_, k);
    position_ += k;
    release_read_pages();
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
