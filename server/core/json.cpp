#include "server/core/json.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace socialite {
namespace {

using Encoding = rapidjson::UTF8<>;
constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag |
                                 rapidjson::kParseValidateEncodingFlag |
                                 rapidjson::kParseStopWhenDoneFlag;

// Duplicate keys: the last value wins, at the position of the first occurrence (as a
// replacing Set would leave it). Sorting indices keeps this O(n log n) where a Set per member
// was O(n^2).
void CollapseDuplicateKeys(ValueFields& fields) {
  if (fields.size() < 2) return;
  std::vector<size_t> order(fields.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return fields[a].first < fields[b].first; });
  std::vector<bool> dropped(fields.size(), false);
  bool any_dropped = false;
  for (size_t run = 0; run < order.size();) {
    size_t end = run + 1;
    while (end < order.size() && fields[order[end]].first == fields[order[run]].first) ++end;
    if (end - run > 1) {
      // Within a run indices ascend (stable sort): the first keeps its place, the last its value.
      fields[order[run]].second = std::move(fields[order[end - 1]].second);
      for (size_t i = run + 1; i < end; ++i) dropped[order[i]] = true;
      any_dropped = true;
    }
    run = end;
  }
  if (!any_dropped) return;
  size_t kept = 0;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (dropped[i]) continue;
    if (kept != i) fields[kept] = std::move(fields[i]);
    ++kept;
  }
  fields.resize(kept);
}

// Builds a Value tree straight from SAX events (no intermediate DOM), bounding depth.
class ValueBuilder : public rapidjson::BaseReaderHandler<Encoding, ValueBuilder> {
 public:
  bool Null() { return Put(Value()); }
  bool Bool(bool b) { return Put(Value(b)); }
  bool Int(int i) { return Put(Value(static_cast<int64_t>(i))); }
  bool Uint(unsigned u) { return Put(Value(static_cast<int64_t>(u))); }
  bool Int64(int64_t i) { return Put(Value(i)); }
  bool Uint64(uint64_t u) {
    if (u > static_cast<uint64_t>(INT64_MAX)) return Put(Value(static_cast<double>(u)));
    return Put(Value(static_cast<int64_t>(u)));
  }
  bool Double(double d) { return Put(Value(d)); }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (HasSurrogate(s, n)) return false;
    return Put(Value(std::string(s, n)));
  }
  bool StartObject() { return Open(Value::Object()); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (HasSurrogate(s, n)) return false;
    pending_key_.assign(s, n);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() { return Open(Value::List()); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  bool too_deep() const { return too_deep_; }
  bool lone_surrogate() const { return lone_surrogate_; }
  Value Take() { return std::move(root_); }

 private:
  // RapidJSON decodes an escaped lone low surrogate ("\udc00") to ED B0 80, which is not
  // UTF-8; raw bytes are validated already, so ED followed by A0..BF can only come from one.
  bool HasSurrogate(const char* s, rapidjson::SizeType n) {
    for (rapidjson::SizeType i = 0; i + 1 < n; ++i) {
      if (static_cast<unsigned char>(s[i]) == 0xED &&
          static_cast<unsigned char>(s[i + 1]) >= 0xA0) {
        lone_surrogate_ = true;
        return true;
      }
    }
    return false;
  }

  struct Frame {
    Value value;
    std::string key;  // key under which this container goes into its parent object
  };

  bool Put(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    Value& top = stack_.back().value;
    if (top.is_list()) {
      top.AsList().push_back(std::move(v));
    } else {
      // Appended as read; Close collapses duplicate keys once the object is complete.
      top.AsObject().emplace_back(pending_key_, std::move(v));
    }
    return true;
  }
  bool Open(Value container) {
    if (stack_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(Frame{std::move(container), pending_key_});
    return true;
  }
  bool Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.value.is_object()) CollapseDuplicateKeys(frame.value.AsObject());
    pending_key_ = std::move(frame.key);
    return Put(std::move(frame.value));
  }

  std::vector<Frame> stack_;
  std::string pending_key_;
  Value root_;
  bool too_deep_ = false;
  bool lone_surrogate_ = false;
};

// True when `text` holds a byte below 0x20, '"' or '\\'; eight bytes at a time (a byte of a
// word is flagged when subtracting from it borrows, i.e. it was below the subtrahend).
bool NeedsEscape(std::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    uint64_t quote = w ^ (kOnes * '"');
    uint64_t backslash = w ^ (kOnes * '\\');
    uint64_t flagged =
        ((w - kOnes * 0x20) & ~w) | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash);
    if (flagged & kHigh) return true;
  }
  for (; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

// RapidJSON's writer with a fast path for strings that need no escape (nearly all of them): it
// copies those whole, where the writer looks every byte up in its escape table and puts it
// alone. The text is the same: the writer escapes exactly bytes below 0x20, '"' and '\\'.
class TextWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  explicit TextWriter(rapidjson::StringBuffer& buffer) : Writer(buffer) {}

  void Text(std::string_view text) {
    if (NeedsEscape(text)) {
      String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
      return;
    }
    RawValue("", 0, rapidjson::kStringType);  // the comma or colon before it, as String's
    char* out = os_->Push(text.size() + 2);
    out[0] = '"';
    if (!text.empty()) std::memcpy(out + 1, text.data(), text.size());
    out[text.size() + 1] = '"';
  }
};

void Write(const Value& value, TextWriter& w) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      w.Null();
      break;
    case Value::Kind::kBool:
      w.Bool(value.AsBool());
      break;
    case Value::Kind::kInt:
      w.Int64(value.AsInt());
      break;
    case Value::Kind::kDouble:
      w.Double(value.AsDouble());
      break;
    case Value::Kind::kString:
      w.Text(value.AsString());
      break;
    case Value::Kind::kBlob: {
      std::string encoded = Base64Encode(value.AsBlob().bytes);
      w.Text(encoded);
      break;
    }
    case Value::Kind::kTimestamp: {
      double s = value.AsTimestamp().seconds;
      // Whole seconds print as integers, as AWS does.
      if (std::floor(s) == s) {
        w.Int64(static_cast<int64_t>(s));
      } else {
        w.Double(s);
      }
      break;
    }
    case Value::Kind::kList:
      w.StartArray();
      for (const auto& item : value.AsList()) Write(item, w);
      w.EndArray();
      break;
    case Value::Kind::kObject:
      w.StartObject();
      for (const auto& [key, member] : value.AsObject()) {
        w.Text(key);
        Write(member, w);
      }
      w.EndObject();
      break;
  }
}

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

Result<Value> ParseJson(std::string_view text) {
  ValueBuilder builder;
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::ParseResult ok = reader.Parse<kParseFlags>(stream, builder);
  if (builder.too_deep()) {
    return Serialization("JSON nesting is deeper than " + std::to_string(kMaxJsonDepth) +
                         " levels");
  }
  if (builder.lone_surrogate()) {
    return Serialization(
        "Malformed JSON: a string escapes a lone surrogate code point before offset " +
        std::to_string(ok.Offset()));
  }
  if (!ok) {
    return Serialization(std::string("Malformed JSON: ") + rapidjson::GetParseError_En(ok.Code()) +
                         " at offset " + std::to_string(ok.Offset()));
  }
  // kParseStopWhenDoneFlag stops after the root; anything but whitespace after it is an error.
  for (size_t i = stream.Tell(); i < text.size(); ++i) {
    char c = text[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      return Serialization("Malformed JSON: unexpected data after the root value at offset " +
                           std::to_string(i));
    }
  }
  return builder.Take();
}

std::string WriteJson(const Value& value) {
  rapidjson::StringBuffer buffer;
  TextWriter writer(buffer);
  Write(value, writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

struct JsonStreamWriter::Impl {
  rapidjson::StringBuffer buffer;
  TextWriter writer{buffer};
};

JsonStreamWriter::JsonStreamWriter() : impl_(std::make_unique<Impl>()) {}
JsonStreamWriter::~JsonStreamWriter() = default;
void JsonStreamWriter::StartObject() { impl_->writer.StartObject(); }
void JsonStreamWriter::EndObject() { impl_->writer.EndObject(); }
void JsonStreamWriter::StartArray() { impl_->writer.StartArray(); }
void JsonStreamWriter::EndArray() { impl_->writer.EndArray(); }
void JsonStreamWriter::Key(std::string_view key) { impl_->writer.Text(key); }
void JsonStreamWriter::Write(const Value& value) { socialite::Write(value, impl_->writer); }
std::string JsonStreamWriter::Take() {
  return std::string(impl_->buffer.GetString(), impl_->buffer.GetSize());
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= uint8_t(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += (i + 1 < bytes.size()) ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    int pad = 0;
    uint32_t n = 0;
    for (size_t j = 0; j < 4; ++j) {
      char c = text[i + j];
      int d;
      if (c == '=') {
        // Padding only in the last group, last one or two places.
        if (i + 4 != text.size() || j < 2) return std::nullopt;
        ++pad;
        d = 0;
      } else {
        if (pad > 0) return std::nullopt;
        d = DecodeChar(c);
        if (d < 0) return std::nullopt;
      }
      n = (n << 6) | static_cast<uint32_t>(d);
    }
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return out;
}

}  // namespace socialite
