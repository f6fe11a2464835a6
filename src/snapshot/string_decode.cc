#include "snapshot/string_decode.h"

#include <fmt/format.h>

#include "heapleak/core/error.h"

namespace heapleak::detail {
namespace {

void append_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

constexpr uint32_t kReplacement = 0xFFFD;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses 4 hex digits at s[i]; returns -1 if they are not there.
int32_t read_hex4(std::string_view s, size_t i) {
  if (i + 4 > s.size()) return -1;
  int32_t v = 0;
  for (size_t k = 0; k < 4; ++k) {
    const int h = hex_value(s[i + k]);
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

}  // namespace

void decode_json_string(std::string_view s, uint64_t offset, std::string& out) {
  const auto bad = [&](size_t at, std::string detail) {
    fail(ErrorCode::kBadString, fmt::format("byte {}", offset + at), std::move(detail));
  };
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (static_cast<unsigned char>(c) < 0x20) bad(i, "raw control character in string");
    if (c != '\\') {
      const size_t next = s.find('\\', i);
      const size_t end = next == std::string_view::npos ? s.size() : next;
      for (size_t k = i; k < end; ++k) {
        if (static_cast<unsigned char>(s[k]) < 0x20) bad(k, "raw control character in string");
      }
      out.append(s.substr(i, end - i));
      i = end;
      continue;
    }
    if (i + 1 >= s.size()) bad(i, "string ends inside an escape");
    const char e = s[i + 1];
    switch (e) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        const int32_t unit = read_hex4(s, i + 2);
        if (unit < 0) bad(i, "invalid \\u escape");
        i += 6;
        uint32_t cp = static_cast<uint32_t>(unit);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          // A high surrogate counts only when a low surrogate escape follows.
          const int32_t low =
              (i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') ? read_hex4(s, i + 2) : -1;
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
            i += 6;
          } else {
            cp = kReplacement;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = kReplacement;
        }
        append_utf8(cp, out);
        continue;
      }
      default:
        bad(i, fmt::format("invalid escape '\\{}'", e));
    }
    i += 2;
  }
}

}  // namespace heapleak::detail
