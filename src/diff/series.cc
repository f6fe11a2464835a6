#include "heapleak/diff/series.h"

#include <algorithm>
#include <charconv>

#include "heapleak/analysis/class_retained_sizes.h"
#include "heapleak/analysis/class_rows.h"

namespace heapleak {
namespace {

// Below these (or 1% of the first value) a change is noise: one object, one kilobyte.
constexpr uint64_t kCountFloor = 1;
constexpr uint64_t kByteFloor = 1024;

int trend_rank(Trend t) {
  switch (t) {
    case Trend::kGrowing:
      return 0;
    case Trend::kNoisy:
      return 1;
    case Trend::kShrinking:
      return 2;
    case Trend::kStable:
      break;
  }
  return 3;
}

int64_t growth(const std::vector<uint64_t>& v) {
  return static_cast<int64_t>(v.back()) - static_cast<int64_t>(v.front());
}

// Entries of a Map's OrderedHashMap (or a Set's OrderedHashSet): a key and its value sit in
// adjacent slots, and each entry is followed by a chain slot that never holds an object, so an
// entry shows as one or two consecutive slot numbers (one when the key or the value is a small
// integer, always one in a Set). Slots are the table's numerically named edges.
uint64_t map_table_entries(const Snapshot& s, NodeOrdinal table) {
  uint64_t entries = 0;
  int64_t previous_slot = -2;
  for (EdgeIndex e = s.first_edge[table]; e < s.first_edge[table + 1]; ++e) {
    const std::string_view name = s.edge_string_name(e);
    int64_t slot = 0;
    const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), slot);
    if (error != std::errc() || end != name.data() + name.size()) continue;
    if (slot != previous_slot + 1) ++entries;
    previous_slot = slot;
  }
  return entries;
}

}  // namespace

std::string_view trend_name(Trend trend) {
  switch (trend) {
    case Trend::kGrowing:
      return "growing";
    case Trend::kNoisy:
      return "noisy";
    case Trend::kStable:
      return "stable";
    case Trend::kShrinking:
      return "shrinking";
  }
  return "";
}

uint64_t noise_floor(const std::vector<uint64_t>& values, uint64_t floor) {
  return values.empty() ? floor : std::max(floor, values.front() / 100);
}

SeriesStats assess_series(const std::vector<uint64_t>& values, uint64_t min_change) {
  SeriesStats stats;
  const size_t n = values.size();
  if (n < 2) return stats;
  double mean_x = (static_cast<double>(n) - 1) / 2, mean_y = 0;
  for (const uint64_t v : values) mean_y += static_cast<double>(v);
  mean_y /= static_cast<double>(n);
  double sxy = 0, sxx = 0;
  bool every_step_up = true;
  stats.monotonic = true;
  for (size_t i = 0; i < n; ++i) {
    const double dx = static_cast<double>(i) - mean_x;
    sxy += dx * (static_cast<double>(values[i]) - mean_y);
    sxx += dx * dx;
    if (i > 0) {
      every_step_up = every_step_up && values[i] > values[i - 1];
      stats.monotonic = stats.monotonic && values[i] >= values[i - 1];
    }
  }
  stats.slope = sxy / sxx;
  const int64_t first_step = static_cast<int64_t>(values[1]) - static_cast<int64_t>(values[0]);
  stats.constant_step = n >= 3 && first_step != 0;
  for (size_t i = 2; i < n && stats.constant_step; ++i) {
    stats.constant_step =
        static_cast<int64_t>(values[i]) - static_cast<int64_t>(values[i - 1]) == first_step;
  }
  if (stats.constant_step) stats.step = first_step;
  const int64_t net = growth(values);
  const auto min_net = static_cast<int64_t>(std::max<uint64_t>(min_change, 1));
  stats.trend = net >= min_net && every_step_up ? Trend::kGrowing
                : net >= min_net                ? Trend::kNoisy
                : net <= -min_net               ? Trend::kShrinking
                                                : Trend::kStable;
  return stats;
}

Trend combined_trend(const SeriesStats& a, const SeriesStats& b) {
  const auto grows = [](const SeriesStats& x, const SeriesStats& other) {
    return x.trend == Trend::kGrowing && other.trend != Trend::kShrinking;
  };
  if (grows(a, b) || grows(b, a)) return Trend::kGrowing;
  if (a.trend == Trend::kGrowing || a.trend == Trend::kNoisy || b.trend == Trend::kGrowing ||
      b.trend == Trend::kNoisy) {
    return Trend::kNoisy;
  }
  if (a.trend == Trend::kShrinking || b.trend == Trend::kShrinking) return Trend::kShrinking;
  return Trend::kStable;
}

int64_t collection_entries(const Snapshot& s, NodeOrdinal n) {
  if (s.node_type[n] != s.meta.node_types.object) return -1;
  const std::string_view name = s.node_name_text(n);
  const auto& edge_types = s.meta.edge_types;
  const bool map_like = name == "Map" || name == "WeakMap";
  if (map_like || name == "Set" || name == "WeakSet") {
    for (EdgeIndex e = s.first_edge[n]; e < s.first_edge[n + 1]; ++e) {
      if (s.edge_type(e) != edge_types.internal || s.edge_string_name(e) != "table") continue;
      const NodeOrdinal table = s.edge_to(e);
      // Map and Set tables: numbered slots; WeakMap/WeakSet tables count key and value edges.
      if (name == "Map" || name == "Set") return static_cast<int64_t>(map_table_entries(s, table));
      const uint64_t fan_out = s.first_edge[table + 1] - s.first_edge[table];
      return static_cast<int64_t>(name == "WeakMap" ? (fan_out + 1) / 2 : fan_out);
    }
    return 0;
  }
  uint64_t entries = 0;
  if (name == "Array") {
    for (EdgeIndex e = s.first_edge[n]; e < s.first_edge[n + 1]; ++e) {
      if (s.edge_type(e) == edge_types.element) ++entries;
      if (s.edge_type(e) == edge_types.internal && s.edge_string_name(e) == "elements") {
        const NodeOrdinal store = s.edge_to(e);
        for (EdgeIndex f = s.first_edge[store]; f < s.first_edge[store + 1]; ++f) {
          if (s.edge_type(f) == edge_types.element) ++entries;
        }
      }
    }
    return static_cast<int64_t>(entries);
  }
  if (name == "Object") {
    for (EdgeIndex e = s.first_edge[n]; e < s.first_edge[n + 1]; ++e) {
      if (s.edge_type(e) == edge_types.property && s.edge_string_name(e) != "__proto__") ++entries;
    }
    return static_cast<int64_t>(entries);
  }
  return -1;
}

SnapshotDigest digest_snapshot(const Snapshot& s, const HeapAnalysis& a) {
  SnapshotDigest digest;
  const ClassRows& rows = a.class_rows;
  const std::vector<uint64_t> retained = class_retained_sizes(s, a);
  std::vector<uint64_t> counts(rows.size(), 0), self_sizes(rows.size(), 0);
  std::unordered_map<ClassIndex, uint32_t> collection_class;
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) {
    if (const uint32_t row = rows.row_of(n); row != kNoClassRow) {
      ++counts[row];
      self_sizes[row] += s.node_self_size[n];
    }
    const int64_t entries = collection_entries(s, n);
    if (entries < 0) continue;
    const ClassIndex cls = a.classes.class_of(n);
    auto [it, inserted] =
        collection_class.try_emplace(cls, static_cast<uint32_t>(digest.collection_classes.size()));
    if (inserted) digest.collection_classes.push_back(a.classes.name(cls));
    digest.collections.push_back(
        {s.node_id[n], it->second, static_cast<uint64_t>(entries), a.retained_size[n]});
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    digest.classes[rows.keys[r]] = {a.classes.name(rows.row_class[r]), counts[r], self_sizes[r],
                                    retained[r]};
  }
  std::sort(digest.collections.begin(), digest.collections.end(),
            [](const CollectionPoint& x, const CollectionPoint& y) { return x.id < y.id; });
  return digest;
}

SeriesResult build_series(const std::vector<SnapshotDigest>& digests) {
  SeriesResult result;
  const size_t n = digests.size();
  if (n == 0) return result;

  std::unordered_map<std::string, size_t> class_index;
  for (size_t i = 0; i < n; ++i) {
    for (const auto& [key, point] : digests[i].classes) {
      auto [it, inserted] = class_index.try_emplace(key, result.classes.size());
      if (inserted) {
        result.classes.push_back({key,
                                  point.name,
                                  std::vector<uint64_t>(n, 0),
                                  std::vector<uint64_t>(n, 0),
                                  {},
                                  {},
                                  Trend::kStable});
      }
      result.classes[it->second].counts[i] = point.count;
      result.classes[it->second].retained_sizes[i] = point.retained_size;
    }
  }
  for (ClassSeries& c : result.classes) {
    c.count_stats = assess_series(c.counts, noise_floor(c.counts, kCountFloor));
    c.retained_stats = assess_series(c.retained_sizes, noise_floor(c.retained_sizes, kByteFloor));
    c.trend = combined_trend(c.count_stats, c.retained_stats);
  }
  std::sort(result.classes.begin(), result.classes.end(),
            [](const ClassSeries& x, const ClassSeries& y) {
              if (trend_rank(x.trend) != trend_rank(y.trend))
                return trend_rank(x.trend) < trend_rank(y.trend);
              if (growth(x.retained_sizes) != growth(y.retained_sizes))
                return growth(x.retained_sizes) > growth(y.retained_sizes);
              return x.key < y.key;
            });

  // Collections alive (same id, same class) in every snapshot.
  std::vector<size_t> cursor(n, 0);
  for (const CollectionPoint& first : digests[0].collections) {
    const std::string& class_name = digests[0].collection_classes[first.class_name];
    CollectionSeries series{first.id, class_name, {}, {}, {}, {}, Trend::kStable};
    bool everywhere = true;
    for (size_t i = 0; i < n && everywhere; ++i) {
      const auto& points = digests[i].collections;
      size_t& c = cursor[i];
      while (c < points.size() && points[c].id < first.id) ++c;
      everywhere =
          c < points.size() && points[c].id == first.id && points[c].class_name == first.class_name;
      if (everywhere) {
        series.entries.push_back(points[c].entries);
        series.retained_sizes.push_back(points[c].retained_size);
      }
    }
    if (!everywhere) continue;
    series.entries_stats = assess_series(series.entries, noise_floor(series.entries, kCountFloor));
    series.retained_stats =
        assess_series(series.retained_sizes, noise_floor(series.retained_sizes, kByteFloor));
    series.trend = combined_trend(series.entries_stats, series.retained_stats);
    if (series.trend == Trend::kStable) continue;
    result.collections.push_back(std::move(series));
  }
  std::sort(result.collections.begin(), result.collections.end(),
            [](const CollectionSeries& x, const CollectionSeries& y) {
              if (trend_rank(x.trend) != trend_rank(y.trend))
                return trend_rank(x.trend) < trend_rank(y.trend);
              if (growth(x.entries) != growth(y.entries))
                return growth(x.entries) > growth(y.entries);
              return x.id < y.id;
            });
  return result;
}

}  // namespace heapleak
