// The interface matcher against a transcription of DevTools' own matching (the trie of sorted
// property lists that applyInterfaceDefinitions walks, chrome-devtools-frontend 1.0.1705227),
// on hand-made cases and on random definitions and objects with repeated names.
#include "analysis/interface_matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace heapleak::detail {
namespace {

// DevTools' algorithm, step for step: the states alive after each property of the object's
// sorted list, a state dying once a property reaches its greatest next name.
int32_t devtools_match(const std::vector<InterfaceDefinition>& definitions,
                       std::vector<std::string> properties) {
  struct Node {
    std::map<std::string, std::unique_ptr<Node>> next;
    int32_t match = -1;
    size_t property_count = 0;
  };
  Node root;
  for (size_t d = 0; d < definitions.size(); ++d) {
    std::vector<std::string> sorted = definitions[d].properties;
    std::sort(sorted.begin(), sorted.end());
    Node* node = &root;
    for (const std::string& p : sorted) {
      auto& next = node->next[p];
      if (!next) next = std::make_unique<Node>();
      node = next.get();
    }
    if (node->match < 0) {
      node->match = static_cast<int32_t>(d);
      node->property_count = sorted.size();
    }
  }
  int32_t best = root.match;
  size_t best_count = 0;
  const auto consider = [&](const Node& node) {
    if (node.match < 0) return;
    if (best < 0 || node.property_count > best_count ||
        (node.property_count == best_count && node.match < best)) {
      best = node.match;
      best_count = node.property_count;
    }
  };
  std::sort(properties.begin(), properties.end());
  std::vector<const Node*> states = {&root};
  for (const std::string& p : properties) {
    const std::vector<const Node*> current = states;
    for (const Node* state : current) {
      if (state->next.empty() || p >= state->next.rbegin()->first) {
        states.erase(std::find(states.begin(), states.end(), state));
      }
      if (auto it = state->next.find(p); it != state->next.end()) {
        if (std::find(states.begin(), states.end(), it->second.get()) == states.end()) {
          states.push_back(it->second.get());
        }
        consider(*it->second);
      }
    }
  }
  return best;
}

int32_t matcher_match(InterfaceMatcher& matcher, const std::vector<std::string>& properties) {
  std::vector<uint32_t> keys;
  for (const std::string& p : properties) {
    if (const uint32_t key = matcher.key_of(p); key != InterfaceMatcher::kNoKey) {
      keys.push_back(key);
    }
  }
  return matcher.match(keys);
}

InterfaceDefinition definition(std::vector<std::string> properties) {
  return {"", std::move(properties), 0};
}

TEST(InterfaceMatcher, TakesTheLargestContainedDefinitionAndTheFirstOnATie) {
  const std::vector<InterfaceDefinition> defs = {definition({"a"}), definition({"b", "a"}),
                                                 definition({"c", "a"}), definition({"a", "b"}),
                                                 definition({"x", "y", "z"})};
  InterfaceMatcher matcher(defs);
  EXPECT_EQ(matcher_match(matcher, {"a"}), 0);
  EXPECT_EQ(matcher_match(matcher, {"a", "b"}), 1);       // {a, b} twice: the first
  EXPECT_EQ(matcher_match(matcher, {"c", "b", "a"}), 1);  // two of two props: the first
  EXPECT_EQ(matcher_match(matcher, {"q", "c", "a"}), 2);  // q is in no definition
  EXPECT_EQ(matcher_match(matcher, {"x", "y"}), -1);
  EXPECT_EQ(matcher_match(matcher, {}), -1);
  EXPECT_EQ(matcher_match(matcher, {"z", "y", "x", "a"}), 4);
}

TEST(InterfaceMatcher, ARepeatedNameMustBeThereAsOftenAsListed) {
  const std::vector<InterfaceDefinition> defs = {definition({"a", "a", "b"}), definition({"a"})};
  InterfaceMatcher matcher(defs);
  EXPECT_EQ(matcher_match(matcher, {"a", "b"}), 1);
  EXPECT_EQ(matcher_match(matcher, {"b", "a", "a"}), 0);
  EXPECT_EQ(matcher_match(matcher, {"a", "a", "a", "b"}), 0);
  EXPECT_EQ(devtools_match(defs, {"a", "b"}), 1);
  EXPECT_EQ(devtools_match(defs, {"b", "a", "a"}), 0);
}

TEST(InterfaceMatcher, ADefinitionWithoutPropertiesMatchesEveryObject) {
  const std::vector<InterfaceDefinition> defs = {definition({"a"}), definition({}), definition({})};
  InterfaceMatcher matcher(defs);
  EXPECT_EQ(matcher_match(matcher, {"b"}), 1);
  EXPECT_EQ(matcher_match(matcher, {}), 1);
  EXPECT_EQ(matcher_match(matcher, {"a"}), 0);
  EXPECT_EQ(devtools_match(defs, {"b"}), 1);
}

TEST(InterfaceMatcher, AgreesWithDevToolsOnRandomDefinitions) {
  std::mt19937 rng(20261122);
  const auto uniform = [&](size_t lo, size_t hi) {
    return std::uniform_int_distribution<size_t>(lo, hi)(rng);
  };
  for (int round = 0; round < 400; ++round) {
    const size_t names = uniform(1, 12);
    const auto random_list = [&](size_t max_length) {
      std::vector<std::string> list(uniform(0, max_length));
      for (std::string& p : list)
        p = std::string(1, static_cast<char>('a' + uniform(0, names - 1)));
      return list;
    };
    std::vector<InterfaceDefinition> defs(uniform(0, 30));
    for (auto& d : defs) d = definition(random_list(round % 3 == 0 ? 2 : 6));
    InterfaceMatcher matcher(defs);
    for (int object = 0; object < 50; ++object) {
      const std::vector<std::string> properties = random_list(14);
      ASSERT_EQ(matcher_match(matcher, properties), devtools_match(defs, properties))
          << "round " << round << " object " << object;
    }
  }
}

}  // namespace
}  // namespace heapleak::detail
