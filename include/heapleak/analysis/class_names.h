// Class names and class keys as the DevTools Summary derives them (reference 2.11; DevTools
// `calculateObjectNames`, `inferInterfaceDefinitions`, `applyInterfaceDefinitions`, matched
// against chrome-devtools-frontend 1.0.1705227):
//  - by node type: (system), (compiled code), Function, RegExp, "(" + type + ")";
//  - object/native: the raw name after "Detached " renaming, with `<div id=..>` cut to `<div>`;
//  - plain objects (`Object`) get an inferred interface name like `{a, b}` when at least
//    max(2, plainObjects/1000) objects share that property list;
//  - the class key adds the constructor location for `object` nodes that have one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapleak/analysis/detachedness.h"
#include "heapleak/snapshot/dictionary_column.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

using ClassIndex = uint32_t;

struct InterfaceDefinition {
  std::string name;                     // "{a, b}"
  std::vector<std::string> properties;  // raw property names, in edge order
  uint64_t count = 0;                   // plain objects whose candidate was exactly this
};

class ClassNames {
 public:
  // `definitions` overrides inference (DevTools classifies a diff's base snapshot with the
  // current snapshot's definitions); pass nullptr to infer from `s`.
  static ClassNames compute(const Snapshot& s, const Detachedness& d,
                            const std::vector<InterfaceDefinition>* definitions = nullptr);

  // DevTools' inferInterfaceDefinitions: property lists shared by enough plain objects.
  static std::vector<InterfaceDefinition> infer_interface_definitions(const Snapshot& s);

  ClassIndex class_of(NodeOrdinal n) const { return node_class_[n]; }
  const std::string& name(ClassIndex c) const { return names_[c]; }
  size_t class_count() const { return names_.size(); }
  // DevTools' class key: "scriptId,line,column,className" for object nodes with a location,
  // else "," + className.
  std::string class_key(const Snapshot& s, NodeOrdinal n) const;
  const std::vector<InterfaceDefinition>& interface_definitions() const { return definitions_; }

  // Length of a UTF-8 string in UTF-16 code units (JavaScript's String.length).
  static size_t utf16_length(std::string_view utf8);
  // DevTools' formatPropertyName: JSON-quoted when the name holds , ' " { or }.
  static std::string format_property_name(std::string_view name);

 private:
  ClassIndex intern(std::string name);

  std::vector<std::string> names_;
  // Most nodes fall in a few classes (165 in the bench file), so once computed they take a byte
  // each (dictionary_column.h).
  DictionaryColumn<PodArray<ClassIndex>> node_class_;
  std::vector<InterfaceDefinition> definitions_;
};

}  // namespace heapleak
