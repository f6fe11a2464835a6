#include <zstd.h>

#include <vector>

#include "input/raw_file.h"

namespace heapleak::detail {
namespace {

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<RawFile> file)
      : file_(std::move(file)), ctx_(ZSTD_createDCtx()), in_(ZSTD_DStreamInSize()) {
    if (ctx_ == nullptr) fail(ErrorCode::kInternal, "zstd", "ZSTD_createDCtx failed");
    // Allow the long-distance windows `zstd --long` produces (up to 2 GiB).
    ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, 31);
  }
  ~ZstdSource() override { ZSTD_freeDCtx(ctx_); }

  size_t read(char* dst, size_t n) override {
    ZSTD_outBuffer out{dst, n, 0};
    while (out.pos < out.size && !finished_) {
      if (input_.pos == input_.size) {
        const size_t got = file_->read(in_.data(), in_.size());
        if (got == 0) {
          if (frame_open_) fail(ErrorCode::kTruncated, where(), "zstd frame ends early");
          finished_ = true;
          break;
        }
        input_ = ZSTD_inBuffer{in_.data(), got, 0};
      }
      const size_t rc = ZSTD_decompressStream(ctx_, &out, &input_);
      if (ZSTD_isError(rc)) {
        fail(ErrorCode::kBadCompression, where(), std::string("zstd: ") + ZSTD_getErrorName(rc));
      }
      frame_open_ = rc != 0;
    }
    return out.pos;
  }

  uint64_t raw_position() const override {
    return file_->raw_position() - (input_.size - input_.pos);
  }
  uint64_t raw_size() const override { return file_->raw_size(); }
  Compression compression() const override { return Compression::kZstd; }

 private:
  std::string where() const { return "compressed byte " + std::to_string(raw_position()); }

  std::unique_ptr<RawFile> file_;
  ZSTD_DCtx* ctx_;
  std::vector<char> in_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  bool frame_open_ = false;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<RawFile> file) {
  return std::make_unique<ZstdSource>(std::move(file));
}

}  // namespace heapleak::detail
