// A mapped file faults (SIGBUS) where it has been cut short since it was mapped: another
// process truncated or rewrote it while heapleak read it. Such a fault inside a guarded mapping
// ends the process with one error line naming the file and exit code 2 instead of a crash; any
// other SIGBUS goes to the handler that was there before.
#pragma once

#include <cstddef>
#include <string>

namespace heapleak::detail {

// Guards [begin, begin + size) until unguard_mapping(begin); false when all slots are taken.
bool guard_mapping(const char* begin, size_t size, const std::string& path);
void unguard_mapping(const char* begin);

}  // namespace heapleak::detail
