#include "heapleak/core/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace heapleak {

std::string format_bytes(uint64_t bytes) {
  static constexpr std::array<const char*, 6> kUnits = {"B", "KB", "MB", "GB", "TB", "PB"};
  if (bytes < 1024) return fmt::format("{} B", bytes);
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string format_count(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_signed_bytes(int64_t bytes) {
  const uint64_t magnitude = bytes < 0 ? 0 - static_cast<uint64_t>(bytes) : bytes;
  std::string out(bytes > 0 ? "+" : bytes < 0 ? "-" : "");
  out += format_bytes(magnitude);
  return out;
}

std::string format_signed_count(int64_t n) {
  const uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : n;
  std::string out(n > 0 ? "+" : n < 0 ? "-" : "");
  out += format_count(magnitude);
  return out;
}

std::string emphasize(std::string_view text, bool color) {
  return color ? fmt::format("\x1b[1m{}\x1b[0m", text) : std::string(text);
}

namespace {

// The code point of the three-byte UTF-8 sequence at text[i] when it is one that reorders or
// breaks the text around it (bidirectional embeddings, overrides, isolates and marks; the line
// and paragraph separators), else 0: shown raw, U+202E would print the rest of a line reversed.
char32_t reordering_code_point(std::string_view text, size_t i) {
  if (i + 2 >= text.size() || static_cast<unsigned char>(text[i]) != 0xE2) return 0;
  const auto second = static_cast<unsigned char>(text[i + 1]);
  const auto third = static_cast<unsigned char>(text[i + 2]);
  if ((second != 0x80 && second != 0x81) || third < 0x80 || third > 0xBF) return 0;
  const char32_t c = 0x2000 | char32_t{second & 0x3Fu} << 6 | (third & 0x3Fu);
  const bool reorders =
      c == 0x200E || c == 0x200F || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  return reorders ? c : 0;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (byte == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {  // U+0080-U+009F in UTF-8
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
    } else if (const char32_t c = reordering_code_point(text, i); c != 0) {
      out += fmt::format("\\u{:04x}", static_cast<uint32_t>(c));
      i += 2;
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

std::string clip_text(std::string_view text, size_t width) {
  const std::string shown = printable(text);
  std::string out = shown.substr(0, std::min(shown.size(), width));
  if (shown.size() > width && width >= 3) out.replace(width - 3, 3, "...");
  return out;
}

}  // namespace heapleak
