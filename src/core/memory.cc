#include <sys/mman.h>

#include <new>

#include "heapleak/core/pod_array.h"

namespace heapleak {
namespace {
constexpr size_t kSmall = size_t{1} << 20;
}  // namespace

void* allocate_pages(size_t bytes) {
  if (bytes == 0) return nullptr;
  if (bytes < kSmall) {
    void* p = ::operator new(bytes);
    return p;
  }
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
}

void free_pages(void* p, size_t bytes) {
  if (p == nullptr) return;
  if (bytes < kSmall) {
    ::operator delete(p);
    return;
  }
  ::munmap(p, bytes);
}

void* reserve_address_space(size_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  return p;
}

}  // namespace heapleak
