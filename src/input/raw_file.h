// A file descriptor with a small pushed-back prefix: the magic bytes read while detecting the
// compression are replayed before the rest of the file. A regular file can also be mapped
// (mapped_bytes()), after which read() copies from the mapping.
#pragma once

#include <cstdint>
#include <string>

#include "heapleak/input/byte_source.h"

namespace heapleak::detail {

class RawFile final : public ByteSource {
 public:
  // `mappable`: fd is the regular file `path`, read from its start, `size` bytes long.
  RawFile(int fd, bool owns_fd, uint64_t size, bool mappable, std::string path = {});
  ~RawFile() override;
  RawFile(const RawFile&) = delete;
  RawFile& operator=(const RawFile&) = delete;

  size_t read(char* dst, size_t n) override;
  uint64_t raw_position() const override { return position_; }
  uint64_t raw_size() const override { return size_; }
  Compression compression() const override { return Compression::kNone; }
  char* mapped_bytes() override;
  void skip_to(uint64_t offset) override;

  // Reads up to `n` bytes and pushes them back, so the next read() returns them again.
  std::string peek(size_t n);

 private:
  void release_read_pages();

  int fd_;
  bool owns_fd_;
  uint64_t size_;
  uint64_t position_ = 0;
  std::string pushed_back_;
  size_t pushed_back_pos_ = 0;
  bool mappable_;
  std::string path_;  // for the message when the mapped file is cut short under us
  char* mapping_ = nullptr;
  size_t mapping_span_ = 0;  // the file's pages and one page of zeros after them
  size_t page_ = 0;
  uint64_t released_ = 0;  // the pages before this offset are given back
};

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<RawFile> file);
std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<RawFile> file);

}  // namespace heapleak::detail
