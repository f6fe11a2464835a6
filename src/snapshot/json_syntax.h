// Small JSON helpers for error messages: how a byte reads in one, and where a text that a JSON
// parser refused stops being JSON (simdjson says what is wrong, not where).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace heapleak::detail {

// "'x'" for a printable byte, "byte 0x1b" for another, "end of input" for -1.
std::string describe_json_byte(int c);

// The offset of the first byte at which `text` stops being one JSON value (text.size() when it
// ends too soon), or npos when its grammar is sound. UTF-8 is not checked.
size_t json_syntax_error_at(std::string_view text);

}  // namespace heapleak::detail
