#include "snapshot/json_syntax.h"

#include <fmt/format.h>

#include <vector>

namespace heapleak::detail {

std::string describe_json_byte(int c) {
  if (c < 0) return "end of input";
  if (c >= 0x20 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("byte 0x{:02x}", c);
}

namespace {

// A cursor over the text; each reader advances it past what it accepts and returns false with
// the cursor on the first byte it cannot take. Containers are kept on an explicit stack, so
// a header of a million '[' cannot overflow the call stack.
class SyntaxCheck {
 public:
  explicit SyntaxCheck(std::string_view text) : t_(text) {}

  size_t run() {
    for (;;) {
      if (!value()) return at_;
      // After a value: close what it ends, then a ',' asks for the next one.
      for (;;) {
        skip_ws();
        if (open_.empty()) return at_ == t_.size() ? std::string_view::npos : at_;
        const char close = open_.back() == '{' ? '}' : ']';
        if (is(close)) {
          ++at_;
          open_.pop_back();
          continue;
        }
        if (!is(',')) return at_;
        ++at_;
        if (open_.back() == '{' && !member_key()) return at_;
        break;
      }
    }
  }

 private:
  bool is(char c) const { return at_ < t_.size() && t_[at_] == c; }
  bool is_digit() const { return at_ < t_.size() && t_[at_] >= '0' && t_[at_] <= '9'; }
  void skip_ws() {
    while (at_ < t_.size() &&
           (t_[at_] == ' ' || t_[at_] == '\n' || t_[at_] == '\r' || t_[at_] == '\t')) {
      ++at_;
    }
  }

  // A scalar, or the containers opened before one: the next call reads what follows it.
  bool value() {
    for (;;) {
      skip_ws();
      if (at_ >= t_.size()) return false;
      switch (t_[at_]) {
        case '{':
          ++at_;
          skip_ws();
          if (is('}')) return ++at_, true;
          open_.push_back('{');
          if (!member_key()) return false;
          continue;
        case '[':
          ++at_;
          skip_ws();
          if (is(']')) return ++at_, true;
          open_.push_back('[');
          continue;
        case '"':
          return string();
        case 't':
          return word("true");
        case 'f':
          return word("false");
        case 'n':
          return word("null");
        default:
          return number();
      }
    }
  }

  // `"key" :` inside an object.
  bool member_key() {
    skip_ws();
    if (!is('"') || !string()) return false;
    skip_ws();
    if (!is(':')) return false;
    ++at_;
    return true;
  }

  bool word(std::string_view w) {
    if (t_.substr(at_, w.size()) != w) return false;
    at_ += w.size();
    return true;
  }

  bool string() {
    ++at_;  // the opening quote
    while (at_ < t_.size()) {
      const auto c = static_cast<unsigned char>(t_[at_]);
      if (c == '"') return ++at_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        ++at_;
        if (is('u')) {
          for (int k = 0; k < 4; ++k) {
            ++at_;
            if (!is_hex()) return false;
          }
        } else if (at_ >= t_.size() ||
                   std::string_view("\"\\/bfnrt").find(t_[at_]) == std::string_view::npos) {
          return false;
        }
      }
      ++at_;
    }
    return false;
  }
  bool is_hex() const {
    if (at_ >= t_.size()) return false;
    const char c = t_[at_];
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  bool digits() {
    if (!is_digit()) return false;
    while (is_digit()) ++at_;
    return true;
  }
  bool number() {
    if (is('-')) ++at_;
    if (is('0')) {
      ++at_;
    } else if (!digits()) {
      return false;
    }
    if (is('.')) {
      ++at_;
      if (!digits()) return false;
    }
    if (is('e') || is('E')) {
      ++at_;
      if (is('+') || is('-')) ++at_;
      if (!digits()) return false;
    }
    return true;
  }

  std::string_view t_;
  size_t at_ = 0;
  std::vector<char> open_;  // '{' or '[' per open container
};

}  // namespace

size_t json_syntax_error_at(std::string_view text) { return SyntaxCheck(text).run(); }

}  // namespace heapleak::detail
