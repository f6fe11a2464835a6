// Class rows: which nodes share a DevTools class key, with more rows than the one-byte form of
// the node-to-row column has codes, so some rows take its escaped path.
#include "heapleak/analysis/class_rows.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "heapleak/snapshot/load.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

constexpr uint32_t kVaried = 1400;   // objects 1..kVaried fall in many rows
constexpr uint32_t kObjects = 8000;  // the rest in one, as most of a heap is in few classes
constexpr uint32_t kNames = 350;
constexpr uint32_t kNodeFields = 7;

// Object i (node i, 1-based) is named C<k>, k = i % kNames for the varied ones and 0 for the
// rest; every 7th has self size 0, and every 3rd varied one has a constructor location (script
// 1, line k % 5, column 0).
uint32_t name_index(uint32_t i) { return i <= kVaried ? i % kNames : 0; }
bool has_location(uint32_t i) { return i <= kVaried && i % 3 == 0; }
bool sized(uint32_t i) { return i % 7 != 0; }
std::string name_of(uint32_t i) { return std::string("C").append(std::to_string(name_index(i))); }
std::string expected_key(uint32_t i) {
  std::string key = has_location(i) ? "1," + std::to_string(name_index(i) % 5) + ",0" : "";
  return key.append(",").append(name_of(i));
}

std::string many_classes_snapshot() {
  std::string nodes = "9,1,1,0," + std::to_string(kObjects) + ",0,0";  // the root, ->every object
  std::string edges, locations, strings = "\"\",\"(root)\"";
  for (uint32_t k = 0; k < kNames; ++k) strings += ",\"C" + std::to_string(k) + "\"";
  for (uint32_t i = 1; i <= kObjects; ++i) {
    nodes += ",3," + std::to_string(2 + name_index(i)) + "," + std::to_string(2 * i + 1) + "," +
             (sized(i) ? "16" : "0") + ",0,0,0";
    edges += std::string(i > 1 ? "," : "") + "1," + std::to_string(i) + "," +
             std::to_string(i * kNodeFields);
    if (has_location(i)) {
      locations += std::string(locations.empty() ? "" : ",") + std::to_string(i * kNodeFields) +
                   ",1," + std::to_string(name_index(i) % 5) + ",0";
    }
  }
  return R"({"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],"location_fields":["object_index","script_id","line","column"]},"node_count":)" +
         std::to_string(kObjects + 1) + R"(,"edge_count":)" + std::to_string(kObjects) +
         R"(},"nodes":[)" + nodes + R"(],"edges":[)" + edges + R"(],"locations":[)" + locations +
         R"(],"strings":[)" + strings + "]}";
}

TEST(ClassRows, NodesShareARowExactlyWhenTheyShareAKey) {
  auto loaded =
      load_snapshot(testing::write_temp("many-classes.heapsnapshot", many_classes_snapshot()));
  ASSERT_TRUE(loaded.ok()) << loaded.error().what();
  const Snapshot& s = loaded->snapshot;
  const ClassNames classes = ClassNames::compute(s, Detachedness::compute(s));
  const ClassRows rows = group_class_rows(s, classes);

  EXPECT_EQ(rows.row_of(0), kNoClassRow);  // the root has no self size
  std::map<std::string, uint32_t> row_of_key;
  for (uint32_t i = 1; i <= kObjects; ++i) {
    SCOPED_TRACE("node " + std::to_string(i));
    if (!sized(i)) {
      EXPECT_EQ(rows.row_of(i), kNoClassRow);
      continue;
    }
    const uint32_t row = rows.row_of(i);
    ASSERT_LT(row, rows.size());
    EXPECT_EQ(rows.keys[row], expected_key(i));
    // The same key always gives the same row.
    const auto [it, inserted] = row_of_key.try_emplace(expected_key(i), row);
    EXPECT_EQ(it->second, row);
  }
  EXPECT_EQ(rows.size(), row_of_key.size());
  // More rows than byte codes, most nodes in a few: the one-byte form, some rows escaped.
  EXPECT_GT(rows.size(), 255u);
  EXPECT_TRUE(rows.row_plus_one.compacted());
  EXPECT_GT(rows.row_plus_one.escaped_count(), 0u);
}

}  // namespace
}  // namespace heapleak
