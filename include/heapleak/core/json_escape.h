// JSON string escaping as JavaScript's JSON.stringify does it (short escapes for \b \f \n \r \t,
// lowercase \u00xx for other control characters, nothing else escaped). Shared by the JSON
// reports and by DevTools-compatible names that quote property names.
#pragma once

#include <string>
#include <string_view>

namespace heapleak {

// Appends `s` (UTF-8) to `out` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view s);

}  // namespace heapleak
