#include "server/whatsapp/flow_json/json_scanner.h"

#include <utility>

#include "server/core/utf8.h"

namespace socialite::whatsapp::flow_json {
namespace {

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads 4 hex digits at text[pos]; -1 when they are not there.
int ReadHex4(std::string_view text, size_t pos) {
  if (pos + 4 > text.size()) return -1;
  int value = 0;
  for (size_t i = 0; i < 4; ++i) {
    int digit = HexValue(text[pos + i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// The length of the well-formed UTF-8 sequence at text[pos] (Unicode table 3-7), or 0.
size_t Utf8SequenceLength(std::string_view text, size_t pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  unsigned char lead = byte(0);
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

// The scanning state: one pass over the text with an explicit stack of open containers.
class Scanner {
 public:
  Scanner(std::string_view text, std::vector<JsonNode>& nodes) : text_(text), nodes_(nodes) {}

  std::optional<JsonSyntaxError> Run() {
    SkipWhitespace();
    bool expect_value = true;  // false: a value just ended, expect ',' or a closing bracket
    while (true) {
      if (expect_value) {
        bool opened = false;
        if (!StartValue(opened)) return std::move(error_);
        expect_value = opened;  // an opened container's first value comes next
        continue;
      }
      if (stack_.empty()) break;
      SkipWhitespace();
      Frame& top = stack_.back();
      bool is_object = nodes_[top.node].kind == JsonKind::kObject;
      char closing = is_object ? '}' : ']';
      if (AtEnd()) return Fail("unexpected end of input");
      char c = text_[pos_];
      if (c == closing) {
        nodes_[top.node].end = static_cast<uint32_t>(++pos_);
        stack_.pop_back();
        continue;
      }
      if (c != ',') {
        return Fail(is_object ? "expected ',' or '}' after a property value"
                              : "expected ',' or ']' after an array element");
      }
      ++pos_;
      SkipWhitespace();
      if (is_object && !ReadKey()) return std::move(error_);
      expect_value = true;
    }
    SkipWhitespace();
    if (!AtEnd()) return Fail("unexpected text after the end of the document");
    return std::nullopt;
  }

 private:
  struct Frame {
    uint32_t node;
    uint32_t last_child = kNoNode;
  };

  bool AtEnd() const { return pos_ >= text_.size(); }

  void SkipWhitespace() {
    while (!AtEnd() && IsWhitespace(text_[pos_])) ++pos_;
  }

  std::optional<JsonSyntaxError> Fail(std::string reason) {
    error_ = JsonSyntaxError{std::move(reason), static_cast<uint32_t>(pos_)};
    return std::move(error_);
  }
  bool FailFalse(std::string reason) {
    error_ = JsonSyntaxError{std::move(reason), static_cast<uint32_t>(pos_)};
    return false;
  }

  // Reads `"key" :` at pos_ and remembers it for the value that follows.
  bool ReadKey() {
    if (AtEnd()) return FailFalse("unexpected end of input");
    if (text_[pos_] != '"') return FailFalse("expected a property name in double quotes");
    size_t begin = pos_;
    if (!ScanString()) return false;
    pending_key_begin_ = static_cast<uint32_t>(begin);
    pending_key_end_ = static_cast<uint32_t>(pos_);
    SkipWhitespace();
    if (AtEnd() || text_[pos_] != ':') return FailFalse("expected ':' after a property name");
    ++pos_;
    SkipWhitespace();
    return true;
  }

  // Adds a node for the value starting at pos_, linked under the open container.
  uint32_t AddNode(JsonKind kind) {
    auto index = static_cast<uint32_t>(nodes_.size());
    JsonNode node;
    node.kind = kind;
    node.begin = static_cast<uint32_t>(pos_);
    if (!stack_.empty()) {
      Frame& parent = stack_.back();
      if (nodes_[parent.node].kind == JsonKind::kObject) {
        node.key_begin = pending_key_begin_;
        node.key_end = pending_key_end_;
      }
      if (parent.last_child == kNoNode) {
        nodes_[parent.node].first_child = index;
      } else {
        nodes_[parent.last_child].next_sibling = index;
      }
      parent.last_child = index;
    }
    nodes_.push_back(node);
    return index;
  }

  // Scans one value at pos_. A container is opened (`opened`: its first value comes next) or,
  // when empty, closed at once.
  bool StartValue(bool& opened) {
    opened = false;
    if (AtEnd()) return FailFalse("unexpected end of input");
    if (nodes_.size() >= kMaxScanNodes) {
      return FailFalse("the document holds more than " + std::to_string(kMaxScanNodes) + " values");
    }
    char c = text_[pos_];
    if (c == '{' || c == '[') {
      if (stack_.size() >= static_cast<size_t>(kMaxScanDepth)) {
        return FailFalse("nesting is deeper than " + std::to_string(kMaxScanDepth) + " levels");
      }
      bool is_object = c == '{';
      uint32_t index = AddNode(is_object ? JsonKind::kObject : JsonKind::kArray);
      stack_.push_back(Frame{index});
      ++pos_;
      SkipWhitespace();
      if (!AtEnd() && text_[pos_] == (is_object ? '}' : ']')) {
        nodes_[index].end = static_cast<uint32_t>(++pos_);
        stack_.pop_back();
        return true;
      }
      if (is_object && !ReadKey()) return false;
      opened = true;
      return true;
    }
    uint32_t index;
    if (c == '"') {
      index = AddNode(JsonKind::kString);
      if (!ScanString()) return false;
    } else if (c == '-' || IsDigit(c)) {
      index = AddNode(JsonKind::kNumber);
      if (!ScanNumber()) return false;
    } else if (c == 't' || c == 'f' || c == 'n') {
      std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      if (text_.substr(pos_, word.size()) != word) return FailFalse("unexpected character");
      index = AddNode(c == 'n' ? JsonKind::kNull : JsonKind::kBool);
      pos_ += word.size();
    } else {
      return FailFalse("unexpected character");
    }
    nodes_[index].end = static_cast<uint32_t>(pos_);
    return true;
  }

  // Scans the string token at pos_ (the opening quote), leaving pos_ past the closing quote.
  bool ScanString() {
    ++pos_;
    while (true) {
      if (AtEnd()) return FailFalse("unterminated string");
      auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return FailFalse("control character in a string");
      if (c == '\\') {
        if (!ScanEscape()) return false;
        continue;
      }
      if (c < 0x80) {
        ++pos_;
        continue;
      }
      size_t length = Utf8SequenceLength(text_, pos_);
      if (length == 0) return FailFalse("invalid UTF-8");
      pos_ += length;
    }
  }

  bool ScanEscape() {
    if (pos_ + 1 >= text_.size()) return FailFalse("unterminated string");
    char e = text_[pos_ + 1];
    if (e != 'u') {
      if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        return FailFalse("invalid escape sequence");
      }
      pos_ += 2;
      return true;
    }
    int unit = ReadHex4(text_, pos_ + 2);
    if (unit < 0) return FailFalse("invalid \\u escape");
    if (unit >= 0xDC00 && unit <= 0xDFFF) return FailFalse("unpaired surrogate in a \\u escape");
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      bool paired = pos_ + 7 < text_.size() && text_[pos_ + 6] == '\\' && text_[pos_ + 7] == 'u';
      int low = paired ? ReadHex4(text_, pos_ + 8) : -1;
      if (low < 0xDC00 || low > 0xDFFF) return FailFalse("unpaired surrogate in a \\u escape");
      pos_ += 6;
    }
    pos_ += 6;
    return true;
  }

  bool ScanNumber() {
    if (text_[pos_] == '-') ++pos_;
    if (AtEnd() || !IsDigit(text_[pos_])) return FailFalse("invalid number");
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (!AtEnd() && IsDigit(text_[pos_])) ++pos_;
    }
    if (!AtEnd() && text_[pos_] == '.') {
      ++pos_;
      if (AtEnd() || !IsDigit(text_[pos_])) return FailFalse("invalid number");
      while (!AtEnd() && IsDigit(text_[pos_])) ++pos_;
    }
    if (!AtEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (!AtEnd() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (AtEnd() || !IsDigit(text_[pos_])) return FailFalse("invalid number");
      while (!AtEnd() && IsDigit(text_[pos_])) ++pos_;
    }
    return true;
  }

  std::string_view text_;
  std::vector<JsonNode>& nodes_;
  std::vector<Frame> stack_;
  size_t pos_ = 0;
  uint32_t pending_key_begin_ = 0;
  uint32_t pending_key_end_ = 0;
  std::optional<JsonSyntaxError> error_;
};

}  // namespace

JsonDocument JsonDocument::Scan(std::string_view text) {
  JsonDocument doc;
  doc.text_ = text;
  if (text.size() >= UINT32_MAX) {
    doc.error_ = JsonSyntaxError{"the document is too large", 0};
    return doc;
  }
  doc.error_ = Scanner(text, doc.nodes_).Run();
  if (doc.error_) doc.nodes_.clear();
  return doc;
}

uint32_t JsonDocument::Member(uint32_t object, std::string_view key) const {
  if (nodes_[object].kind != JsonKind::kObject) return kNoNode;
  for (uint32_t child = nodes_[object].first_child; child != kNoNode;
       child = nodes_[child].next_sibling) {
    const JsonNode& n = nodes_[child];
    std::string_view raw = text_.substr(n.key_begin + 1, n.key_end - n.key_begin - 2);
    if (raw.find('\\') == std::string_view::npos ? raw == key : Key(child) == key) return child;
  }
  return kNoNode;
}

std::string JsonDocument::Key(uint32_t member) const {
  const JsonNode& n = nodes_[member];
  return DecodeJsonString(text_.substr(n.key_begin, n.key_end - n.key_begin));
}

std::string JsonDocument::String(uint32_t node) const {
  const JsonNode& n = nodes_[node];
  if (n.kind != JsonKind::kString) return "";
  return DecodeJsonString(text_.substr(n.begin, n.end - n.begin));
}

size_t JsonDocument::Count(uint32_t node) const {
  size_t count = 0;
  for (uint32_t child = nodes_[node].first_child; child != kNoNode;
       child = nodes_[child].next_sibling) {
    ++count;
  }
  return count;
}

std::string DecodeJsonString(std::string_view token) {
  std::string out;
  if (token.size() < 2) return out;
  std::string_view body = token.substr(1, token.size() - 2);
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        int unit = ReadHex4(body, i + 1);
        if (unit < 0) return out;  // not reached for scanned tokens
        i += 4;
        uint32_t code_point = static_cast<uint32_t>(unit);
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          int low = ReadHex4(body, i + 3);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(out, code_point);
        break;
      }
      default:
        out += e;
        break;  // '"', '\\', '/'
    }
  }
  return out;
}

}  // namespace socialite::whatsapp::flow_json
