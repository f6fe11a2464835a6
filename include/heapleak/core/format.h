// Human-readable number formatting shared by every text report.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace heapleak {

// 1536 -> "1.5 KB", 0 -> "0 B". Binary units (1 KB = 1024 B), one decimal above bytes.
std::string format_bytes(uint64_t bytes);
// 1234567 -> "1,234,567".
std::string format_count(uint64_t n);

// With a sign: "+1.5 KB", "-48 B", "0 B"; "+12", "-3", "0".
std::string format_signed_bytes(int64_t bytes);
std::string format_signed_count(int64_t n);
// Bold on a color terminal, unchanged otherwise.
std::string emphasize(std::string_view text, bool color);
// Text from a snapshot as a text report shows it: control characters (C0, DEL, C1) escaped as
// \n, \t, \xHH or \u00HH, and the bidirectional controls and line separators (U+200E, U+200F,
// U+2028-U+202E, U+2066-U+2069) as \uHHHH, so that a name cannot break a line, drive the
// terminal or show the rest of a line reordered.
std::string printable(std::string_view text);
// printable(text), at most `width` characters, ending in "..." when cut.
std::string clip_text(std::string_view text, size_t width);

}  // namespace heapleak
