#include "heapleak/snapshot/dictionary_column.h"

#include <algorithm>
#include <future>
#include <utility>
#include <vector>

namespace heapleak {
namespace {

// Dictionary candidates: values below 2^20 (string ids of a file with up to a million strings,
// indices and class numbers of that size), counted on every 4th entry. Larger values are never
// among the common ones in practice; a value the dictionary misses is escaped, never lost.
constexpr uint32_t kCountedBelow = uint32_t{1} << 20;
constexpr size_t kSampleStep = 4;

}  // namespace

template <typename Plain>
void DictionaryColumn<Plain>::compact(unsigned threads) {
  const size_t n = plain_.size();
  if (n == 0 || compacted()) return;

  std::vector<uint32_t> counts(kCountedBelow, 0);
  for (size_t e = 0; e < n; e += kSampleStep) {
    const Value name = plain_[e];
    if (name < kCountedBelow) ++counts[name];
  }
  std::vector<std::pair<uint32_t, uint32_t>> common;  // (count, name)
  for (uint32_t name = 0; name < kCountedBelow; ++name) {
    if (counts[name] != 0) common.emplace_back(counts[name], name);
  }
  counts = {};
  const size_t kept = std::min<size_t>(common.size(), kEscaped);
  std::partial_sort(common.begin(), common.begin() + static_cast<std::ptrdiff_t>(kept),
                    common.end(), [](const auto& x, const auto& y) {
                      return x.first != y.first ? x.first > y.first : x.second < y.second;
                    });
  std::array<uint32_t, kEscaped> dictionary{};
  std::vector<uint8_t> code_of(kCountedBelow, kEscaped);
  for (size_t code = 0; code < kept; ++code) {
    dictionary[code] = common[code].second;
    code_of[common[code].second] = static_cast<uint8_t>(code);
  }

  const size_t blocks = (n + kBlock - 1) / kBlock;
  PodArray<uint8_t> codes(n);
  PodArray<uint64_t> escaped_bits(blocks);
  PodArray<uint32_t> escaped_before(blocks);
  // Blocks [from, to): their escaped names go to `escaped`, counted from its start.
  const auto encode = [&](size_t from, size_t to, GrowableArray<Value>& escaped) {
    for (size_t block = from; block < to; ++block) {
      escaped_before[block] = static_cast<uint32_t>(escaped.size());
      uint64_t bits = 0;
      const size_t end = std::min(n, (block + 1) * kBlock);
      for (size_t e = block * kBlock; e < end; ++e) {
        const Value name = plain_[e];
        const uint8_t code = name < kCountedBelow ? code_of[name] : kEscaped;
        codes[e] = code;
        if (code == kEscaped) {
          bits |= uint64_t{1} << (e % kBlock);
          escaped.push_back(name);
        }
      }
      escaped_bits[block] = bits;
    }
  };
  // The loader waits for this, so the second half of the blocks goes to a second thread, and
  // its escaped names and counts join the first half's after.
  GrowableArray<Value> escaped;
  const size_t half = threads > 1 ? blocks / 2 : blocks;
  GrowableArray<Value> second_escaped;
  auto second = std::async(threads > 1 ? std::launch::async : std::launch::deferred,
                           [&] { encode(half, blocks, second_escaped); });
  encode(0, half, escaped);
  second.get();
  const auto first_count = static_cast<uint32_t>(escaped.size());
  for (size_t block = half; block < blocks; ++block) escaped_before[block] += first_count;
  escaped.append(second_escaped.data(), second_escaped.size());
  // Escaped entries are counted in 32 bits: columns are indexed by 32-bit edge indices and node
  // ordinals, so only the memory decides.
  const size_t compact_bytes = codes.memory_bytes() + escaped_bits.memory_bytes() +
                               escaped_before.memory_bytes() + escaped.memory_bytes();
  if (compact_bytes * 4 > plain_.memory_bytes() * 3) return;
  codes_ = std::move(codes);
  dictionary_ = dictionary;
  escaped_bits_ = std::move(escaped_bits);
  escaped_before_ = std::move(escaped_before);
  escaped_ = std::move(escaped);
  plain_ = Plain();
}

template <typename Plain>
void DictionaryColumn<Plain>::expand() {
  if (!compacted()) return;
  const size_t n = codes_.size();
  Plain plain(n);
  for (size_t i = 0; i < n; ++i) {
    if constexpr (requires { plain.set(i, (*this)[i]); }) {
      plain.set(i, (*this)[i]);
    } else {
      plain[i] = (*this)[i];
    }
  }
  plain_ = std::move(plain);
  codes_ = {};
  escaped_bits_ = {};
  escaped_before_ = {};
  escaped_ = {};
}

template class DictionaryColumn<NarrowColumn<uint32_t>>;
template class DictionaryColumn<PodArray<StringId>>;
template class DictionaryColumn<NarrowColumn<uint64_t>>;

}  // namespace heapleak
