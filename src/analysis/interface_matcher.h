// Which interface definition a plain object takes (analysis/class_names.cc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "heapleak/analysis/class_names.h"

namespace heapleak::detail {

// DevTools' applyInterfaceDefinitions gives a plain object the definition with the most
// properties among those whose properties the object all has (as a multiset: a name a definition
// lists twice must be there twice), the earliest on a tie; a definition without properties
// matches every object. DevTools finds it by walking a trie of sorted property lists, keeping
// alive every state a later property could extend, which costs the live states per property:
// an object that has the properties of many definitions keeps them all alive (900 definitions
// and 10,000 such objects took a minute). Here each of the object's properties adds to the
// count of the definitions that list it, which costs the listings of its properties instead;
// and objects of one shape, most of a heap's plain objects, are matched once.
class InterfaceMatcher {
 public:
  static constexpr uint32_t kNoKey = UINT32_MAX;

  explicit InterfaceMatcher(const std::vector<InterfaceDefinition>& definitions);

  // The key of a property name that some definition lists, or kNoKey.
  uint32_t key_of(std::string_view name) const;

  // The definition an object with these property keys takes, or -1 for none. Keys may repeat
  // and come in any order; kNoKey entries are not allowed. Sorts `keys`.
  int32_t match(std::vector<uint32_t>& keys);

 private:
  int32_t count_listings(const std::vector<uint32_t>& sorted_keys);

  // Transparent, so that a lookup by a name or by the bytes of an object's sorted keys copies
  // nothing.
  struct TransparentHash {
    using is_transparent = void;
    size_t operator()(std::string_view bytes) const { return std::hash<std::string_view>{}(bytes); }
  };
  // The results of the key lists met so far, by their bytes, up to about kMaxRememberedBytes:
  // class names run beside the dominator pass, at the peak of memory.
  static constexpr size_t kMaxRememberedBytes = size_t{16} << 20;
  std::unordered_map<std::string, int32_t, TransparentHash, std::equal_to<>> remembered_;
  size_t remembered_bytes_ = 0;

  struct Listing {
    uint32_t definition;
    uint32_t times;  // how often the definition lists the property
  };

  std::unordered_map<std::string, uint32_t, TransparentHash, std::equal_to<>> key_by_name_;
  // A key's listings: listings_[first_listing_[key]..first_listing_[key + 1]).
  std::vector<uint32_t> first_listing_;
  std::vector<Listing> listings_;
  std::vector<uint32_t> property_count_;  // by definition
  int32_t match_for_none_ = -1;           // the first definition without properties
  std::vector<uint32_t> found_;           // by definition: listed properties the object has
  std::vector<uint32_t> touched_;         // definitions whose found_ is not 0
};

}  // namespace heapleak::detail
