#include "heapleak/core/error.h"

#include <array>

namespace heapleak {
namespace {

struct ErrorInfo {
  std::string_view name;
  std::string_view text;
};

constexpr std::array kErrorTable = {
#define HEAPLEAK_ERROR_ROW(code, message) ErrorInfo{std::string_view(#code).substr(1), message},
    HEAPLEAK_ERROR_CODES(HEAPLEAK_ERROR_ROW)
#undef HEAPLEAK_ERROR_ROW
};

const ErrorInfo& info(ErrorCode code) { return kErrorTable.at(static_cast<size_t>(code)); }

}  // namespace

std::string_view error_code_text(ErrorCode code) { return info(code).text; }
std::string_view error_code_name(ErrorCode code) { return info(code).name; }

Error::Error(ErrorCode code, std::string where, std::string detail)
    : std::runtime_error(compose({}, where, code, detail)),
      code_(code),
      where_(std::move(where)),
      detail_(std::move(detail)) {}

Error Error::with_file(std::string file) const {
  Error copy(code_, where_, detail_);
  static_cast<std::runtime_error&>(copy) =
      std::runtime_error(compose(file, where_, code_, detail_));
  copy.file_ = std::move(file);
  return copy;
}

std::string Error::compose(const std::string& file, const std::string& where, ErrorCode code,
                           const std::string& detail) {
  std::string line;
  if (!file.empty()) line += file + ": ";
  if (!where.empty()) line += where + ": ";
  line += error_code_text(code);
  if (!detail.empty()) line += ": " + detail;
  // One line, always: details quoted from the input must not break the line.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

void fail(ErrorCode code, std::string where, std::string detail) {
  throw Error(code, std::move(where), std::move(detail));
}

}  // namespace heapleak
