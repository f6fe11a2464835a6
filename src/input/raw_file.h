// A file descriptor with a small pushed-back prefix: the magic bytes read while detecting the
// compression are replayed before the rest of the file.
#pragma once

#include <cstdint>
#include <string>

#include "heapleak/input/byte_source.h"

namespace heapleak::detail {

class RawFile final : public ByteSource {
 public:
  RawFile(int fd, bool owns_fd, uint64_t size);
  ~RawFile() override;
  RawFile(const RawFile&) = delete;
  RawFile& operator=(const RawFile&) = delete;

  size_t read(char* dst, size_t n) override;
  uint64_t raw_position() const override { return position_; }
  uint64_t raw_size() const override { return size_; }
  Compression compression() const override { return Compression::kNone; }

  // Reads up to `n` bytes and pushes them back, so the next read() returns them again.
  std::string peek(size_t n);

 private:
  int fd_;
  bool owns_fd_;
  uint64_t size_;
  uint64_t position_ = 0;
  std::string pushed_back_;
  size_t pushed_back_pos_ = 0;
};

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<RawFile> file);
std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<RawFile> file);

}  // namespace heapleak::detail
