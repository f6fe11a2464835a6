// Human-readable number formatting shared by every text report.
#pragma once

#include <cstdint>
#include <string>

namespace heapleak {

// 1536 -> "1.5 KB", 0 -> "0 B". Binary units (1 KB = 1024 B), one decimal above bytes.
std::string format_bytes(uint64_t bytes);
// 1234567 -> "1,234,567".
std::string format_count(uint64_t n);

}  // namespace heapleak
