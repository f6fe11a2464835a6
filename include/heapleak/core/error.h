// heapleak's single error type: an ErrorCode from one table, plus where it happened.
//
// Every malformed input becomes exactly one Error whose what() is a single line:
//   "<file>: <where>: <message>"  e.g. "a.heapsnapshot: byte 1234: nodes[70]: expected a number"
// The library throws Error internally; public entry points return Result<T> so no exception
// crosses the library boundary. Exit code 2 is used for every Error by the CLI.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace heapleak {

// X-macro: one row per error kind, with its fixed summary text. The message table in
// error.cc is generated from the same list, so a code cannot lack a message.
#define HEAPLEAK_ERROR_CODES(X)                               \
  X(kUsage, "invalid usage")                                  \
  X(kIo, "cannot read input")                                 \
  X(kEmptyInput, "input is empty")                            \
  X(kTruncated, "unexpected end of input (truncated file?)")  \
  X(kBadCompression, "corrupt compressed data")               \
  X(kNotJson, "not JSON")                                     \
  X(kBadShape, "not a heap snapshot (wrong top-level shape)") \
  X(kBadMeta, "invalid snapshot.meta")                        \
  X(kBadNumber, "invalid number")                             \
  X(kCountMismatch, "counts disagree")                        \
  X(kBadIndex, "index out of range")                          \
  X(kBadString, "invalid string")                             \
  X(kEmptySnapshot, "snapshot has no nodes")                  \
  X(kTooLarge, "snapshot too large")                          \
  X(kNotFound, "not found")                                   \
  X(kInternal, "internal error")

enum class ErrorCode : uint8_t {
#define HEAPLEAK_ERROR_ENUM(name, text) name,
  HEAPLEAK_ERROR_CODES(HEAPLEAK_ERROR_ENUM)
#undef HEAPLEAK_ERROR_ENUM
};

// The fixed summary text of a code ("unexpected end of input (truncated file?)").
std::string_view error_code_text(ErrorCode code);
// The identifier of a code without the k prefix ("Truncated"), used in JSON output.
std::string_view error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  // `where` names the place (byte offset, section, field and index); `detail` says what was
  // found there. Either may be empty.
  Error(ErrorCode code, std::string where, std::string detail);

  ErrorCode code() const { return code_; }
  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }
  const std::string& detail() const { return detail_; }

  // Returns a copy that names `file` (set once, by the outermost layer that knows the path).
  Error with_file(std::string file) const;

 private:
  static std::string compose(const std::string& file, const std::string& where, ErrorCode code,
                             const std::string& detail);
  ErrorCode code_;
  std::string file_;
  std::string where_;
  std::string detail_;
};

// Minimal expected-like result (std::expected arrives with C++23).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& value() const& { return std::get<T>(state_); }
  const Error& error() const { return std::get<Error>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Error> state_;
};

// Throws Error(code, where, detail); used inside the library where an error aborts a stage.
[[noreturn]] void fail(ErrorCode code, std::string where, std::string detail = {});

}  // namespace heapleak
