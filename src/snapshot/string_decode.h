// Unescaping of JSON string contents, tolerant of lone UTF-16 surrogates.
//
// Real producers write "\udc80" without its pair; strict JSON parsers (simdjson included)
// reject that. Here a lone surrogate becomes U+FFFD. Raw bytes are copied through unchanged
// (UTF-8 validity is checked by the caller).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace heapleak::detail {

// Appends the decoded text of `inner` (the bytes between the quotes) to `out`. `offset` is the
// absolute offset of inner[0], used in error messages. Throws Error(kBadString) on an invalid
// escape or a raw control character.
void decode_json_string(std::string_view inner, uint64_t offset, std::string& out);

}  // namespace heapleak::detail
