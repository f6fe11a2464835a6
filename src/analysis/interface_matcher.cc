#include "analysis/interface_matcher.h"

#include <algorithm>
#include <map>

namespace heapleak::detail {
namespace {

// Calls f(key, times) for each distinct key of sorted `keys`, with how often it is there.
template <typename F>
void for_each_run(const std::vector<uint32_t>& keys, F f) {
  for (size_t i = 0; i < keys.size();) {
    size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    f(keys[i], static_cast<uint32_t>(j - i));
    i = j;
  }
}

}  // namespace

InterfaceMatcher::InterfaceMatcher(const std::vector<InterfaceDefinition>& definitions)
    : property_count_(definitions.size()), found_(definitions.size(), 0) {
  // A later definition with the same properties as an earlier one never wins (same count, later
  // index), so only the first of each property multiset is listed.
  std::map<std::vector<uint32_t>, uint32_t> first_with;
  std::vector<std::vector<uint32_t>> keys_of(definitions.size());
  for (size_t d = 0; d < definitions.size(); ++d) {
    std::vector<uint32_t>& keys = keys_of[d];
    for (const std::string& name : definitions[d].properties) {
      keys.push_back(key_by_name_.try_emplace(name, key_by_name_.size()).first->second);
    }
    std::sort(keys.begin(), keys.end());
    property_count_[d] = static_cast<uint32_t>(keys.size());
    if (!first_with.try_emplace(keys, d).second) keys.clear();
    if (definitions[d].properties.empty() && match_for_none_ < 0) {
      match_for_none_ = static_cast<int32_t>(d);
    }
  }
  first_listing_.assign(key_by_name_.size() + 1, 0);
  for (const auto& keys : keys_of) {
    for_each_run(keys, [&](uint32_t key, uint32_t) { ++first_listing_[key + 1]; });
  }
  for (size_t k = 1; k < first_listing_.size(); ++k) first_listing_[k] += first_listing_[k - 1];
  listings_.resize(first_listing_.back());
  std::vector<uint32_t> next(first_listing_.begin(), first_listing_.end() - 1);
  for (size_t d = 0; d < keys_of.size(); ++d) {
    for_each_run(keys_of[d], [&](uint32_t key, uint32_t times) {
      listings_[next[key]++] = {static_cast<uint32_t>(d), times};
    });
  }
}

uint32_t InterfaceMatcher::key_of(std::string_view name) const {
  const auto it = key_by_name_.find(name);
  return it == key_by_name_.end() ? kNoKey : it->second;
}

int32_t InterfaceMatcher::match(std::vector<uint32_t>& keys) {
  std::sort(keys.begin(), keys.end());
  const std::string_view bytes(reinterpret_cast<const char*>(keys.data()),
                               keys.size() * sizeof(uint32_t));
  if (const auto it = remembered_.find(bytes); it != remembered_.end()) return it->second;
  const int32_t best = count_listings(keys);
  // A node of the map and its string take about 64 bytes besides a long list's own.
  const size_t cost = 64 + bytes.size();
  if (remembered_bytes_ + cost <= kMaxRememberedBytes) {
    remembered_.emplace(bytes, best);
    remembered_bytes_ += cost;
  }
  return best;
}

int32_t InterfaceMatcher::count_listings(const std::vector<uint32_t>& keys) {
  for_each_run(keys, [&](uint32_t key, uint32_t times) {
    for (uint32_t l = first_listing_[key]; l < first_listing_[key + 1]; ++l) {
      const Listing& listing = listings_[l];
      if (found_[listing.definition] == 0) touched_.push_back(listing.definition);
      found_[listing.definition] += std::min(times, listing.times);
    }
  });
  int32_t best = match_for_none_;
  uint32_t best_count = 0;
  for (const uint32_t d : touched_) {
    const uint32_t count = property_count_[d];
    if (found_[d] == count && (best < 0 || count > best_count ||
                               (count == best_count && d < static_cast<uint32_t>(best)))) {
      best = static_cast<int32_t>(d);
      best_count = count;
    }
    found_[d] = 0;
  }
  touched_.clear();
  return best;
}

}  // namespace heapleak::detail
