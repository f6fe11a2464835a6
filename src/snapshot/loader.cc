#include <fmt/format.h>

#include <chrono>
#include <future>
#include <new>
#include <optional>
#include <thread>

#include "heapleak/snapshot/load.h"
#include "snapshot/header.h"
#include "snapshot/json_stream.h"
#include "snapshot/number_array.h"
#include "snapshot/string_array.h"
#include "snapshot/validate.h"

namespace heapleak {
namespace {

using detail::JsonStream;
using detail::ParsedHeader;

constexpr size_t kMaxHeaderBytes = size_t{64} << 20;

void allocate_columns(const ParsedHeader& h, uint64_t file_bytes, Compression compression,
                      Snapshot& s) {
  const auto& m = h.meta;
  if (m.header_node_count >= Snapshot::kMaxNodes || m.header_edge_count >= UINT32_MAX) {
    fail(ErrorCode::kTooLarge, "snapshot header",
         fmt::format("{} nodes and {} edges exceed the supported 2^28 nodes and 2^32-1 edges",
                     m.header_node_count, m.header_edge_count));
  }
  // Each value takes at least two bytes ("0,"): a plain file this small cannot hold the arrays
  // the header announces, so do not reserve memory for them.
  const uint64_t min_bytes =
      2 * (m.header_node_count * h.node_roles.size() + m.header_edge_count * h.edge_roles.size());
  if (compression == Compression::kNone && file_bytes > 0 && min_bytes > file_bytes) {
    fail(ErrorCode::kTruncated, "snapshot header",
         fmt::format("node_count {} and edge_count {} need \"nodes\" and \"edges\" arrays of at "
                     "least {} bytes, but the whole file has {}",
                     m.header_node_count, m.header_edge_count, min_bytes, file_bytes));
  }
  const size_t n = m.header_node_count;
  const size_t e = m.header_edge_count;
  s.node_type = PodArray<uint8_t>(n);
  s.node_name = NodeNames(PodArray<StringId>(n));
  s.node_id = NodeIds(n);
  s.node_self_size = SelfSizes(NarrowColumn<uint64_t>(n));
  if (m.has_trace_node_id && m.trace_function_count > 0) s.node_trace_id = PodArray<uint32_t>(n);
  if (m.has_detachedness) s.node_detachedness = PodArray<uint8_t>(n);
  s.first_edge = PodArray<EdgeIndex>(n + 1);
  s.edge_target_and_type = PodArray<uint32_t>(e);
  // Three bytes hold the names of any snapshot with fewer than 16 M strings and no array of 16 M
  // elements; parse_edges() widens the column for the rest.
  s.edge_name_or_index = EdgeNames(NarrowColumn<uint32_t>(e, 3));
}

class Loader {
 public:
  Loader(ByteSource& source, const LoadOptions& options)
      : source_(source), in_(source), progress_(options.progress) {
    const unsigned hw = std::max(2u, std::thread::hardware_concurrency());
    const unsigned threads = options.threads ? std::min(options.threads, hw) : hw;
    parallel_ = threads > 1;
    if (parallel_) {
      workers_.emplace(threads);
      ctx_.workers = &*workers_;
      // A chunk queued behind each one being parsed: a worker that finishes takes the next
      // at once instead of waiting while the reader fills and splits it. With one chunk per
      // worker the load of the bench file took 0.05 s longer, for 8 MB less.
      ctx_.max_in_flight = 2 * threads;
    }
    ctx_.buffers = &buffers_;
    ctx_.in_place = options.read_in_place;
    ctx_.progress = &progress_;
    ctx_.source = &source;
  }

  Snapshot run() {
    in_.skip_ws();
    if (in_.peek() < 0) fail(ErrorCode::kEmptyInput, "byte 0", "no JSON text");
    if (in_.peek() != '{') {
      in_.fail_here(ErrorCode::kNotJson, "start of input",
                    "expected '{' (a heap snapshot is a JSON object)");
    }
    in_.get();
    bool first = true;
    for (;;) {
      in_.skip_ws();
      if (in_.peek() == '}') {
        in_.get();
        break;
      }
      if (!first) in_.expect(',', "top-level object");
      first = false;
      const std::string key = in_.read_string("top-level key");
      in_.expect(':', fmt::format("after \"{}\"", key));
      read_section(key);
    }
    in_.expect_end();
    for (const char* required : {"snapshot", "nodes", "edges", "strings"}) {
      if (!seen(required)) {
        fail(ErrorCode::kBadShape, "top-level object",
             fmt::format("the \"{}\" section is missing", required));
      }
    }
    // The two touch different columns; the locations' own errors come second either way.
    const auto locate = [&] { detail::build_locations(*header_, location_values_, snapshot_); };
    std::future<void> locations;
    if (parallel_) locations = std::async(std::launch::async, locate);
    detail::validate_and_index(*header_, lengths_, snapshot_);
    snapshot_.node_id.compact();
    snapshot_.node_name.compact(parallel_ ? 2 : 1);
    snapshot_.edge_name_or_index.compact(parallel_ ? 2 : 1);
    if (locations.valid()) {
      locations.get();
    } else {
      locate();
    }
    location_values_ = GrowableArray<uint32_t>();
    progress_.finish("loading", source_.raw_position(), source_.raw_size());
    return std::move(snapshot_);
  }

  uint64_t json_bytes() const { return in_.offset(); }

 private:
  bool seen(std::string_view key) const {
    return std::find(seen_.begin(), seen_.end(), key) != seen_.end();
  }

  void read_section(const std::string& key) {
    const bool known = key == "snapshot" || key == "nodes" || key == "edges" || key == "strings" ||
                       key == "locations";
    if (known && seen(key))
      in_.fail_here(ErrorCode::kBadShape, "top-level object",
                    fmt::format("\"{}\" appears twice", key));
    if (known) seen_.push_back(key);
    if (key == "snapshot") {
      in_.skip_ws();
      const uint64_t at = in_.offset();
      std::string text;
      in_.skip_value("\"snapshot\" header", &text, kMaxHeaderBytes);
      header_ = detail::parse_header(text, at);
      snapshot_.meta = header_->meta;
      allocate_columns(*header_, source_.raw_size(), source_.compression(), snapshot_);
      return;
    }
    if (key == "nodes" || key == "edges" || key == "locations") {
      if (!header_) {
        in_.fail_here(ErrorCode::kBadShape, fmt::format("\"{}\"", key),
                      "appears before the \"snapshot\" header that describes it");
      }
      in_.expect('[', fmt::format("\"{}\"", key), ErrorCode::kBadShape);
      if (key == "nodes")
        lengths_.node_values = detail::parse_nodes(in_, *header_, snapshot_, ctx_);
      if (key == "edges")
        lengths_.edge_values = detail::parse_edges(in_, *header_, snapshot_, ctx_);
      if (key == "locations") location_values_ = detail::parse_location_values(in_, ctx_);
      return;
    }
    if (key == "strings") {
      in_.expect('[', "\"strings\"", ErrorCode::kBadShape);
      detail::parse_strings(in_, snapshot_.strings, ctx_);
      return;
    }
    // trace_function_infos, trace_tree, samples, scopes... and anything newer: not needed.
    in_.skip_value(fmt::format("\"{}\"", key));
  }

  ByteSource& source_;
  JsonStream in_;
  ProgressThrottle progress_;
  std::optional<detail::ChunkWorkers> workers_;
  detail::ChunkBuffers buffers_;
  detail::PipelineContext ctx_;
  bool parallel_ = true;
  std::optional<ParsedHeader> header_;
  Snapshot snapshot_;
  detail::ArrayLengths lengths_;
  GrowableArray<uint32_t> location_values_;
  std::vector<std::string> seen_;
};

}  // namespace

Result<LoadedSnapshot> load_snapshot(ByteSource& source, const std::string& name,
                                     const LoadOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  try {
    Loader loader(source, options);
    LoadedSnapshot out{loader.run(), {}};
    out.info.path = name;
    out.info.compression = source.compression();
    out.info.file_bytes = source.raw_size();
    out.info.json_bytes = loader.json_bytes();
    out.info.json_kernel = detail::json_kernel_name();
    out.info.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  } catch (const Error& e) {
    return e.with_file(name);
  } catch (const std::bad_alloc&) {
    return Error(ErrorCode::kTooLarge, {}, "out of memory while loading").with_file(name);
  }
}

Result<LoadedSnapshot> load_snapshot(const std::string& path, const LoadOptions& options) {
  auto source = open_input(path);
  if (!source.ok()) return source.error();
  return load_snapshot(*source.value(), path, options);
}

}  // namespace heapleak
