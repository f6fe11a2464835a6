#include "heapleak/diff/leak_clusters.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "heapleak/analysis/outermost_members.h"
#include "heapleak/diff/path_keys.h"

namespace heapleak {
namespace {

constexpr size_t kSampleIds = 10;

}  // namespace

std::string normalize_for_signature(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      out += '#';
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string normalized_path_text(const Snapshot& s, const ClassNames& classes,
                                 const RetainerPath& path) {
  std::string text = normalize_for_signature(classes.name(classes.class_of(path.start)));
  // A step repeated in a row (a linked list: ._idleNext -> Timeout ._idleNext -> Timeout ...)
  // is written once, so list position does not split a cluster.
  std::string previous;
  for (const EdgeIndex e : path.edges) {
    std::string step =
        normalize_for_signature(edge_step_text(s.edge_type_name(e), s.edge_name_text(e)));
    step += " -> ";
    step += normalize_for_signature(classes.name(classes.class_of(s.edge_to(e))));
    if (step == previous) continue;
    text += step;
    previous = std::move(step);
  }
  return text;
}

std::string signature_of(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return fmt::format("{:016x}", hash);
}

LeakClusters cluster_leaks(const Snapshot& s, const HeapAnalysis& a, const BitSet& candidates) {
  LeakClusters result;
  const BitSet outermost = outermost_members(a.idom, s.root(), candidates);
  PathKeys keys(s, a);
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) {
    if (!candidates.test(n)) continue;
    if (!outermost.test(n)) {
      ++result.dominated;
      continue;
    }
    const auto key = keys.of(n);
    if (!key) continue;  // the candidate filter already dropped weakly held objects
    if (key->via_console) {
      ++result.via_devtools_console;
      continue;
    }
    // Clusters open in the order their texts are first met, so the text's number is the index.
    const auto [index, first] = keys.number_text(key->path);
    if (first) {
      LeakCluster cluster;
      cluster.normalized_path = keys.numbered_text(index);
      cluster.signature = signature_of(cluster.normalized_path);
      cluster.leaked_class = a.classes.class_of(n);
      result.clusters.push_back(std::move(cluster));
    }
    LeakCluster& cluster = result.clusters[index];
    ++cluster.count;
    cluster.retained_size += a.retained_size[n];
    cluster.members.push_back(n);
  }
  const RetainsMore larger{s, a};
  for (LeakCluster& cluster : result.clusters) {
    std::vector<NodeOrdinal>& nodes = cluster.members;
    const size_t samples = std::min(kSampleIds, nodes.size());
    std::sort(nodes.begin(), nodes.end(), larger);
    cluster.representative = nodes.front();
    cluster.path = from_last_global(s, *shortest_retainer_path(s, a.distances, nodes.front()));
    for (size_t i = 0; i < samples; ++i) cluster.sample_ids.push_back(s.node_id[nodes[i]]);
  }
  std::sort(result.clusters.begin(), result.clusters.end(),
            [](const LeakCluster& x, const LeakCluster& y) {
              if (x.retained_size != y.retained_size) return x.retained_size > y.retained_size;
              if (x.count != y.count) return x.count > y.count;
              return x.signature < y.signature;
            });
  return result;
}

}  // namespace heapleak
