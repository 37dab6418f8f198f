#include "core/base/json_scan.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/text/utf8.h"

namespace parley {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101u;
constexpr std::uint64_t kHighs = 0x8080808080808080u;

// True if no byte of `eight` ends a plain run inside a string: '"', '\\', a control
// character (< 0x20) or a non-ASCII byte (classic SWAR byte tests, exact for "any").
bool all_plain(std::uint64_t eight) {
  const auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  const std::uint64_t below_space = (eight - kOnes * 0x20) & ~eight & kHighs;
  return ((eight & kHighs) | below_space | has_zero(eight ^ (kOnes * '"')) |
          has_zero(eight ^ (kOnes * '\\'))) == 0;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

class Scanner {
 public:
  Scanner(std::string_view text, std::size_t max_depth,
          const std::function<void(const JsonMember&)>& on_member)
      : text_(text), max_depth_(std::min(max_depth, kMaxJsonScanDepth)), on_member_(on_member) {}

  JsonScan run();

 private:
  enum class Expect { kValue, kValueOrClose, kKey, kKeyOrClose, kColon, kCommaOrClose };

  std::optional<JsonScanError> scan_string(std::string_view& content, bool& escaped);
  std::optional<JsonScanError> scan_escape(std::size_t& i);
  std::optional<JsonScanError> scan_number();
  std::optional<JsonScanError> scan_value(Expect& expect, JsonScan& result);
  void after_scalar(JsonKind kind, std::string_view content, bool escaped, Expect& expect,
                    JsonScan& result);

  bool in_object() const { return (containers_[(depth_ - 1) / 64] >> ((depth_ - 1) % 64)) & 1; }
  void push(bool object) {
    auto& word = containers_[depth_ / 64];
    const std::uint64_t bit = std::uint64_t{1} << (depth_ % 64);
    word = object ? (word | bit) : (word & ~bit);
    ++depth_;
  }
  JsonScanError syntax_error() const { return {JsonScanError::Kind::kSyntax, pos_}; }

  std::string_view text_;
  std::size_t max_depth_;
  const std::function<void(const JsonMember&)>& on_member_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::array<std::uint64_t, kMaxJsonScanDepth / 64> containers_{};  // bit set: object
  bool done_ = false;                                               // top-level value read
  JsonMember member_;  // the top-level member being read
};

std::optional<JsonScanError> Scanner::scan_escape(std::size_t& i) {
  // text_[i] is the backslash.
  if (i + 1 >= text_.size()) return JsonScanError{JsonScanError::Kind::kSyntax, i};
  const char kind = text_[i + 1];
  if (std::strchr("\"\\/bfnrt", kind) != nullptr && kind != '\0') {
    i += 2;
    return std::nullopt;
  }
  if (kind != 'u') return JsonScanError{JsonScanError::Kind::kSyntax, i};
  const auto code_unit = [&](std::size_t at) -> long {
    if (at + 6 > text_.size() || text_[at] != '\\' || text_[at + 1] != 'u') return -1;
    long value = 0;
    for (std::size_t k = at + 2; k < at + 6; ++k) {
      const int digit = hex_value(text_[k]);
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    return value;
  };
  const long first = code_unit(i);
  if (first < 0) return JsonScanError{JsonScanError::Kind::kSyntax, i};
  i += 6;
  if (first >= 0xDC00 && first <= 0xDFFF) return JsonScanError{JsonScanError::Kind::kSyntax, i};
  if (first >= 0xD800 && first <= 0xDBFF) {
    // A high surrogate must be followed by a low one.
    const long second = code_unit(i);
    if (second < 0xDC00 || second > 0xDFFF) return JsonScanError{JsonScanError::Kind::kSyntax, i};
    i += 6;
  }
  return std::nullopt;
}

std::optional<JsonScanError> Scanner::scan_string(std::string_view& content, bool& escaped) {
  // text_[pos_] is the opening quote.
  const std::size_t start = pos_ + 1;
  std::size_t i = start;
  escaped = false;
  const std::size_t size = text_.size();
  for (;;) {
    std::uint64_t eight;
    while (i + 8 <= size && (std::memcpy(&eight, text_.data() + i, 8), all_plain(eight))) i += 8;
    while (i < size) {
      const auto c = static_cast<unsigned char>(text_[i]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++i;
    }
    if (i >= size) return JsonScanError{JsonScanError::Kind::kSyntax, i};  // unterminated
    const auto c = static_cast<unsigned char>(text_[i]);
    if (c == '"') break;
    if (c < 0x20) return JsonScanError{JsonScanError::Kind::kSyntax, i};  // raw control character
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text_, i);
      if (length == 0) return JsonScanError{JsonScanError::Kind::kUtf8, i};
      i += length;
      continue;
    }
    escaped = true;
    if (auto error = scan_escape(i)) return error;
  }
  content = text_.substr(start, i - start);
  pos_ = i + 1;
  return std::nullopt;
}

std::optional<JsonScanError> Scanner::scan_number() {
  const std::size_t start = pos_;
  std::size_t i = pos_;
  const std::size_t size = text_.size();
  if (text_[i] == '-') ++i;
  if (i < size && text_[i] == '0') {
    ++i;
  } else if (i < size && text_[i] >= '1' && text_[i] <= '9') {
    while (i < size && is_digit(text_[i])) ++i;
  } else {
    return JsonScanError{JsonScanError::Kind::kSyntax, i};
  }
  if (i < size && text_[i] == '.') {
    ++i;
    if (i >= size || !is_digit(text_[i])) return JsonScanError{JsonScanError::Kind::kSyntax, i};
    while (i < size && is_digit(text_[i])) ++i;
  }
  bool exponent = false;
  if (i < size && (text_[i] == 'e' || text_[i] == 'E')) {
    exponent = true;
    ++i;
    if (i < size && (text_[i] == '+' || text_[i] == '-')) ++i;
    if (i >= size || !is_digit(text_[i])) return JsonScanError{JsonScanError::Kind::kSyntax, i};
    while (i < size && is_digit(text_[i])) ++i;
  }
  // nlohmann refuses numbers that overflow a double; only long ones or ones with an
  // exponent can. (strtod reads "." as the decimal point: the C locale, never changed.)
  if (exponent || i - start > 15) {
    const std::string number(text_.substr(start, i - start));
    if (!std::isfinite(std::strtod(number.c_str(), nullptr))) {
      return JsonScanError{JsonScanError::Kind::kSyntax, start};
    }
  }
  pos_ = i;
  return std::nullopt;
}

void Scanner::after_scalar(JsonKind kind, std::string_view content, bool escaped, Expect& expect,
                           JsonScan& result) {
  if (depth_ == 0) {
    done_ = true;
    result.top_level = kind;
    return;
  }
  if (depth_ == 1 && in_object()) {
    member_.kind = kind;
    member_.string_value = content;
    member_.value_has_escapes = escaped;
    on_member_(member_);
  }
  expect = Expect::kCommaOrClose;
}

std::optional<JsonScanError> Scanner::scan_value(Expect& expect, JsonScan& result) {
  const char c = text_[pos_];
  if (c == '{' || c == '[') {
    if (depth_ >= max_depth_) return JsonScanError{JsonScanError::Kind::kTooDeep, pos_};
    const JsonKind kind = c == '{' ? JsonKind::kObject : JsonKind::kArray;
    if (depth_ == 0) result.top_level = kind;
    if (depth_ == 1 && in_object()) {
      member_.kind = kind;
      member_.string_value = {};
      member_.value_has_escapes = false;
      on_member_(member_);
    }
    push(c == '{');
    ++pos_;
    expect = c == '{' ? Expect::kKeyOrClose : Expect::kValueOrClose;
    return std::nullopt;
  }
  if (c == '"') {
    std::string_view content;
    bool escaped = false;
    if (auto error = scan_string(content, escaped)) return error;
    after_scalar(JsonKind::kString, content, escaped, expect, result);
    return std::nullopt;
  }
  if (c == '-' || is_digit(c)) {
    if (auto error = scan_number()) return error;
    after_scalar(JsonKind::kNumber, {}, false, expect, result);
    return std::nullopt;
  }
  for (const auto& [word, kind] : {std::pair{std::string_view("true"), JsonKind::kBoolean},
                                   std::pair{std::string_view("false"), JsonKind::kBoolean},
                                   std::pair{std::string_view("null"), JsonKind::kNull}}) {
    if (text_.substr(pos_, word.size()) == word) {
      pos_ += word.size();
      after_scalar(kind, {}, false, expect, result);
      return std::nullopt;
    }
  }
  return syntax_error();
}

JsonScan Scanner::run() {
  JsonScan result;
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte-order mark
  Expect expect = Expect::kValue;
  const auto fail = [&](JsonScanError error) {
    result.error = error;
    return result;
  };
  for (;;) {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
    if (pos_ == text_.size()) return done_ ? result : fail(syntax_error());
    if (done_) return fail(syntax_error());  // something after the value
    const char c = text_[pos_];
    const bool closes = c == (depth_ > 0 && in_object() ? '}' : ']');
    switch (expect) {
      case Expect::kKeyOrClose:
      case Expect::kKey: {
        if (closes && expect == Expect::kKeyOrClose) break;
        if (c != '"') return fail(syntax_error());
        std::string_view key;
        bool escaped = false;
        if (auto error = scan_string(key, escaped)) return fail(*error);
        if (depth_ == 1) {
          member_.key = key;
          member_.key_has_escapes = escaped;
        }
        expect = Expect::kColon;
        continue;
      }
      case Expect::kColon:
        if (c != ':') return fail(syntax_error());
        ++pos_;
        expect = Expect::kValue;
        continue;
      case Expect::kCommaOrClose:
        if (closes) break;
        if (c != ',') return fail(syntax_error());
        ++pos_;
        expect = in_object() ? Expect::kKey : Expect::kValue;
        continue;
      case Expect::kValueOrClose:
      case Expect::kValue:
        if (closes && expect == Expect::kValueOrClose) break;
        if (auto error = scan_value(expect, result)) return fail(*error);
        continue;
    }
    // Closing the innermost container.
    ++pos_;
    --depth_;
    if (depth_ == 0) {
      done_ = true;
    } else {
      expect = Expect::kCommaOrClose;
    }
  }
}

}  // namespace

JsonScan scan_json(std::string_view text, std::size_t max_depth,
                   const std::function<void(const JsonMember&)>& on_top_level_member) {
  return Scanner(text, max_depth, on_top_level_member).run();
}

std::string describe(const JsonScanError& error, std::size_t max_depth) {
  switch (error.kind) {
    case JsonScanError::Kind::kUtf8:
      return "message is not valid UTF-8";
    case JsonScanError::Kind::kTooDeep:
      return "JSON nested deeper than " + std::to_string(std::min(max_depth, kMaxJsonScanDepth)) +
             " levels at byte " + std::to_string(error.offset);
    case JsonScanError::Kind::kSyntax:
      break;
  }
  return "message is not valid JSON (byte " + std::to_string(error.offset) + ")";
}

}  // namespace parley
