// Splits a large JSON array into chunks on a reader thread and parses the chunks on the load's
// worker threads (or in place, without workers), keeping at most `max_in_flight` chunks alive so
// memory stays bounded.
//
// The reader (the calling thread) pulls blocks from the JsonStream's source, asks a Splitter
// where the last complete element of the block ends, and hands the element text to a worker.
// Chunk results are committed on the reader thread in file order. A worker's Error is rethrown
// on the reader thread when its chunk is committed, so the first error in file order wins.
#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "heapleak/core/progress.h"
#include "snapshot/chunk_workers.h"
#include "snapshot/json_stream.h"

namespace heapleak::detail {

inline constexpr size_t kChunkBytes = size_t{4} << 20;
// Bytes after a chunk that may be read (sentinels, simdjson's padding).
inline constexpr size_t kChunkPadding = 64;
static_assert(ByteSource::kMappedSlack >= kChunkPadding, "a mapped chunk's padding");

struct ChunkText {
  // data[end] is writable, and kChunkPadding bytes from there are readable; with a copying
  // splitter (kInPlace false) data[-1] is writable too (room for a '[') and the padding is too.
  char* data;
  size_t end;       // element text is data[0, end)
  bool final;       // the array's closing ']' was at data[end]
  uint64_t offset;  // absolute input offset of data[0]
  uint64_t first_element;
  uint64_t elements;
};

// Chunk buffers kept between pipelines: each of a load's sections would otherwise allocate,
// zero and fault in its own (on the bench file a tenth of the load's page faults).
struct ChunkBuffers {
  std::vector<std::shared_ptr<std::vector<char>>> free;
};

struct PipelineContext {
  ChunkWorkers* workers = nullptr;  // nullptr: chunks are parsed on the reader thread
  ChunkBuffers* buffers = nullptr;  // nullptr: the pipeline keeps its own
  unsigned max_in_flight = 2;
  bool in_place = true;  // parse a mapped input's chunks where they are (see kInPlace)
  ProgressThrottle* progress = nullptr;
  const ByteSource* source = nullptr;
};

// Splitter: `size_t scan(const char* data, size_t from, size_t len, Cut& cut)` — see
// number_array.cc and string_array.cc. It finds the cut after the last complete element and
// whether the closing ']' was seen.
struct Cut {
  size_t end = 0;         // element text ends here (exclusive)
  size_t resume = 0;      // first byte after the cut that belongs to the next chunk / after ']'
  uint64_t elements = 0;  // complete elements in [0, end)
  bool found = false;     // a cut point exists in the block
  bool closed = false;    // ']' found: the array ends at `end`
};

[[noreturn]] inline void not_closed(std::string_view section, uint64_t end, uint64_t elements) {
  fail(ErrorCode::kTruncated, "byte " + std::to_string(end),
       std::string("the \"") + std::string(section) + "\" array is not closed (" +
           std::to_string(elements) + " elements read)");
}

// Runs the pipeline. `Splitter` is stateful across calls for one chunk (see string_array.cc);
// `Parse(ChunkText&) -> R` runs on a worker; `Commit(R&&)` runs on the reader in order.
template <typename Splitter, typename Parse, typename Commit>
uint64_t run_chunk_pipeline(JsonStream& in, std::string_view section, Splitter& splitter,
                            Parse parse, Commit commit, const PipelineContext& ctx) {
  using R = decltype(parse(std::declval<ChunkText&>()));
  // A chunk read in place has no buffer; once committed, the mapping's pages before
  // `read_to` go back.
  struct Pending {
    std::shared_ptr<std::vector<char>> buffer;
    uint64_t read_to;
    std::future<R> result;
    Pending(std::shared_ptr<std::vector<char>> b, uint64_t to, std::future<R> r)
        : buffer(std::move(b)), read_to(to), result(std::move(r)) {}
    Pending(Pending&&) = default;
    // No move-assignment: it would drop a running job's future without waiting for it.
    Pending& operator=(Pending&&) = delete;
    // If the reader throws, a worker may still be reading the buffer: wait for it first.
    ~Pending() {
      if (result.valid()) result.wait();
    }
  };
  std::deque<Pending> in_flight;
  ChunkBuffers own_buffers;
  auto& free_buffers = (ctx.buffers != nullptr ? *ctx.buffers : own_buffers).free;
  const auto committed = [&](std::shared_ptr<std::vector<char>> buffer, uint64_t read_to) {
    if (buffer) {
      free_buffers.push_back(std::move(buffer));
    } else {
      in.skip_to(read_to);
    }
  };
  const auto drain_one = [&] {
    Pending p = std::move(in_flight.front());
    in_flight.pop_front();
    commit(p.result.get());
    committed(std::move(p.buffer), p.read_to);
  };

  // `buffer` holds the chunk, or is null for a chunk in the mapping, which is read up to
  // `read_to` once the chunk is committed.
  const auto submit = [&](std::shared_ptr<std::vector<char>> buffer, ChunkText chunk,
                          uint64_t read_to) {
    if (ctx.workers != nullptr) {
      in_flight.emplace_back(
          std::move(buffer), read_to,
          ctx.workers->submit([parse, chunk]() mutable { return parse(chunk); }));
      if (in_flight.size() >= ctx.max_in_flight) drain_one();
    } else {
      commit(parse(chunk));
      committed(std::move(buffer), read_to);
    }
    if (ctx.progress && ctx.source) {
      ctx.progress->update("loading", ctx.source->raw_position(), ctx.source->raw_size());
    }
  };

  uint64_t elements = 0;
  if constexpr (Splitter::kInPlace) {
    if (char* const mapped = ctx.in_place ? in.take_mapping() : nullptr) {
      // The chunks are parsed where the mapping holds them, not copied out. The byte after a
      // chunk's text (the ',' before the next one, or the closing ']') becomes its sentinel:
      // the mapping is private, so the file keeps it.
      const uint64_t size = in.source_size();
      uint64_t at = in.offset();
      for (;;) {
        splitter.reset(at, elements);
        size_t len = static_cast<size_t>(std::min<uint64_t>(kChunkBytes, size - at));
        Cut cut = splitter.scan(mapped + at, 0, len);
        while (!cut.found && at + len < size) {
          const size_t scanned = len;
          len = static_cast<size_t>(std::min<uint64_t>(2 * uint64_t{len}, size - at));
          cut = splitter.scan(mapped + at, scanned, len);
        }
        if (!cut.found) not_closed(section, at + len, elements + cut.elements);
        mapped[at + cut.end] = '\0';
        // What is committed is read: its pages go back, so the mapping does not add up to the
        // file in memory.
        submit(nullptr, ChunkText{mapped + at, cut.end, cut.closed, at, elements, cut.elements},
               at + cut.resume);
        elements += cut.elements;
        at += cut.resume;
        if (cut.closed) break;
      }
      while (!in_flight.empty()) drain_one();
      in.skip_to(at);
      return elements;
    }
  }
  std::string carry;
  uint64_t carry_offset = in.take_buffered(carry);
  for (;;) {
    std::shared_ptr<std::vector<char>> buffer;
    if (!free_buffers.empty()) {
      buffer = std::move(free_buffers.back());
      free_buffers.pop_back();
    } else {
      buffer = std::make_shared<std::vector<char>>();
    }
    auto& buf = *buffer;
    // buf[0] is the room for a '[' before the text; the text starts at buf[1].
    size_t want = std::max(kChunkBytes, carry.size() + kChunkBytes / 4);
    if (buf.size() < want + 2 + kChunkPadding) buf.resize(want + 2 + kChunkPadding);
    char* text = buf.data() + 1;
    std::memcpy(text, carry.data(), carry.size());
    size_t len = carry.size();
    const uint64_t offset = carry_offset;
    size_t scanned = 0;
    Cut cut;
    splitter.reset(offset, elements);
    bool eof = false;
    for (;;) {
      while (len < want && !eof) {
        const size_t got = in.read_source(text + len, want - len);
        if (got == 0) eof = true;
        len += got;
      }
      cut = splitter.scan(text, scanned, len);
      scanned = len;
      if (cut.found || eof) break;
      // No complete element in the block (a huge string): grow and keep scanning.
      buf.resize(buf.size() * 2);
      want = buf.size() - 2 - kChunkPadding;
      text = buf.data() + 1;
    }
    if (!cut.found) not_closed(section, offset + len, elements + cut.elements);
    if (cut.closed) {
      in.give_back(std::string_view(text + cut.resume, len - cut.resume));
      carry.clear();
    } else {
      carry.assign(text + cut.resume, len - cut.resume);
      carry_offset = offset + cut.resume;
    }
    std::memset(text + cut.end, 0, kChunkPadding);  // sentinel after the element text
    ChunkText chunk{text, cut.end, cut.closed, offset, elements, cut.elements};
    elements += cut.elements;
    submit(std::move(buffer), chunk, 0);
    if (cut.closed) break;
  }
  while (!in_flight.empty()) drain_one();
  return elements;
}

}  // namespace heapleak::detail
