#include <zlib.h>

#include <vector>

#include "input/raw_file.h"

namespace heapleak::detail {
namespace {

constexpr size_t kInputBufferSize = 1 << 20;

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<RawFile> file)
      : file_(std::move(file)), in_(kInputBufferSize) {
    // 15 + 32: accept gzip and zlib headers, detected automatically.
    if (inflateInit2(&stream_, 15 + 32) != Z_OK)
      fail(ErrorCode::kInternal, "gzip", "inflateInit2 failed");
  }
  ~GzipSource() override { inflateEnd(&stream_); }

  size_t read(char* dst, size_t n) override {
    stream_.next_out = reinterpret_cast<Bytef*>(dst);
    stream_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    while (stream_.avail_out > 0 && !finished_) {
      if (stream_.avail_in == 0) {
        const size_t got = file_->read(reinterpret_cast<char*>(in_.data()), in_.size());
        if (got == 0) {
          if (member_started_) {
            fail(ErrorCode::kTruncated, where(), "gzip stream ends before its end marker");
          }
          finished_ = true;
          break;
        }
        stream_.next_in = in_.data();
        stream_.avail_in = static_cast<uInt>(got);
      }
      if (!member_started_) member_started_ = true;
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // Concatenated gzip members (e.g. `cat a.gz b.gz`) form one stream.
        member_started_ = false;
        if (inflateReset(&stream_) != Z_OK)
          fail(ErrorCode::kInternal, where(), "inflateReset failed");
        continue;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        fail(ErrorCode::kBadCompression, where(),
             std::string("gzip: ") + (stream_.msg ? stream_.msg : "inflate failed"));
      }
    }
    return n - stream_.avail_out;
  }

  uint64_t raw_position() const override { return file_->raw_position() - stream_.avail_in; }
  uint64_t raw_size() const override { return file_->raw_size(); }
  Compression compression() const override { return Compression::kGzip; }

 private:
  std::string where() const { return "compressed byte " + std::to_string(raw_position()); }

  std::unique_ptr<RawFile> file_;
  std::vector<Bytef> in_;
  z_stream stream_{};
  bool member_started_ = false;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<RawFile> file) {
  return std::make_unique<GzipSource>(std::move(file));
}

}  // namespace heapleak::detail
