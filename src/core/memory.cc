#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <new>
#include <vector>

#include "heapleak/core/pod_array.h"

namespace heapleak {
namespace {

constexpr size_t kSmall = size_t{1} << 20;

size_t page_rounded(size_t bytes) {
  static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  return (bytes + page - 1) / page * page;
}

// Large blocks freed and not yet unmapped. The pipeline frees big scratch arrays and soon
// allocates others of similar size (the dominator pass alone goes through ~400 MB); handing
// back pages already faulted in spares the kernel clearing them again, about 0.5 ms per MB.
// To keep the peak where it was, the pool is emptied before any fresh mapping is made, so
// pooled pages never sit beside new ones; and it holds a bounded amount.
class MappingPool {
 public:
  void* take(size_t bytes) {
    std::lock_guard lock(mutex_);
    // The smallest block that fits; of equal ones, the one given back last, whose pages are
    // the likeliest to be all there (a block consumed from its end has given most of its pages
    // back already, and one whose pages are there adds nothing to the footprint when reused).
    size_t best = free_.size();
    for (size_t i = free_.size(); i-- > 0;) {
      if (free_[i].bytes >= bytes && (best == free_.size() || free_[i].bytes < free_[best].bytes))
        best = i;
    }
    if (best == free_.size()) {
      release_all();
      return nullptr;
    }
    const Mapping m = free_[best];
    free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(best));
    pooled_bytes_ -= m.bytes;
    if (m.bytes > bytes) ::munmap(static_cast<char*>(m.start) + bytes, m.bytes - bytes);
    return m.start;
  }

  void release() {
    std::lock_guard lock(mutex_);
    release_all();
  }

  void give(void* start, size_t bytes) {
    std::lock_guard lock(mutex_);
    free_.push_back({start, bytes});
    pooled_bytes_ += bytes;
    while (pooled_bytes_ > kMaxPooledBytes || free_.size() > kMaxMappings) {
      ::munmap(free_.front().start, free_.front().bytes);
      pooled_bytes_ -= free_.front().bytes;
      free_.erase(free_.begin());
    }
  }

 private:
  static constexpr size_t kMaxPooledBytes = size_t{512} << 20;
  static constexpr size_t kMaxMappings = 16;
  struct Mapping {
    void* start;
    size_t bytes;
  };
  void release_all() {
    for (const Mapping& m : free_) ::munmap(m.start, m.bytes);
    free_.clear();
    pooled_bytes_ = 0;
  }
  std::mutex mutex_;
  std::vector<Mapping> free_;
  size_t pooled_bytes_ = 0;
};

MappingPool& pool() {
  static MappingPool instance;
  return instance;
}

}  // namespace

void* allocate_pages(size_t bytes) {
  if (bytes == 0) return nullptr;
  if (bytes < kSmall) {
    void* p = ::operator new(bytes);
    return p;
  }
  const size_t rounded = page_rounded(bytes);
  if (void* reused = pool().take(rounded)) return reused;
  void* p = ::mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
}

void free_pages(void* p, size_t bytes, bool reusable) {
  if (p == nullptr) return;
  if (bytes < kSmall) {
    ::operator delete(p);
    return;
  }
  if (reusable) {
    pool().give(p, page_rounded(bytes));
  } else {
    ::munmap(p, page_rounded(bytes));
  }
}

void discard_pages(void* block, size_t block_bytes, size_t from, size_t to) {
  if (block == nullptr || block_bytes < kSmall) return;
  const size_t begin = page_rounded(std::min(from, block_bytes));
  const size_t end = page_rounded(std::min(to, block_bytes));
  if (begin < end) ::madvise(static_cast<char*>(block) + begin, end - begin, MADV_DONTNEED);
}

void release_kept_pages() { pool().release(); }

void* reserve_address_space(size_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  return p;
}

void* grow_address_space(void* block, size_t bytes, size_t new_bytes) {
  if (block == nullptr) return reserve_address_space(page_rounded(new_bytes));
  void* p = ::mremap(block, page_rounded(bytes), page_rounded(new_bytes), MREMAP_MAYMOVE);
  if (p == MAP_FAILED) return nullptr;
  return p;
}

void release_address_space(void* block, size_t bytes) {
  if (block != nullptr) ::munmap(block, page_rounded(bytes));
}

}  // namespace heapleak
