#include "heapleak/input/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "input/raw_file.h"

namespace heapleak {

std::string_view compression_name(Compression c) {
  switch (c) {
    case Compression::kNone:
      return "none";
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
  }
  return "unknown";
}

Result<std::unique_ptr<ByteSource>> open_input(const std::string& path) {
  try {
    int fd = STDIN_FILENO;
    const bool is_stdin = path == "-";
    if (!is_stdin) {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      // An empty name is still named, so that the line says which argument was wrong.
      if (fd < 0) {
        return Error(ErrorCode::kIo, {}, std::strerror(errno))
            .with_file(path.empty() ? "''" : path);
      }
    }
    struct stat st {};
    uint64_t size = 0;
    bool regular = false;
    if (::fstat(fd, &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        if (!is_stdin) ::close(fd);
        return Error(ErrorCode::kIo, {}, "is a directory").with_file(path);
      }
      regular = S_ISREG(st.st_mode);
      if (regular) size = static_cast<uint64_t>(st.st_size);
    }
#ifdef POSIX_FADV_SEQUENTIAL
    if (!is_stdin) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    // Standard input may be a file opened at any offset: only named files are mapped.
    auto file = std::make_unique<detail::RawFile>(fd, !is_stdin, size, regular && !is_stdin, path);
    const std::string magic = file->peek(4);
    if (magic.empty()) return Error(ErrorCode::kEmptyInput, "byte 0", {}).with_file(path);
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(magic[i]); };
    if (magic.size() >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) {
      return detail::make_gzip_source(std::move(file));
    }
    if (magic.size() >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f &&
        byte(3) == 0xfd) {
      return detail::make_zstd_source(std::move(file));
    }
    return std::unique_ptr<ByteSource>(std::move(file));
  } catch (const Error& e) {
    return e.with_file(path);
  }
}

}  // namespace heapleak
