#include "server/ops/bounded_value.h"

#include <utility>

#include "server/core/json.h"
#include "server/core/utf8.h"

namespace socialite::ops {
namespace {

// Bytes of a string kept outside its object (short strings live inside it).
size_t HeapBytes(const std::string& text) { return text.size() > 15 ? text.capacity() + 1 : 0; }

std::string CutMarker(size_t total_bytes) {
  return "...[cut: " + std::to_string(total_bytes) + " bytes in all]";
}

// The longest prefix of `text` of at most `max_bytes` that does not split a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // A sequence has at most three continuation bytes; past that the text is not UTF-8 anyway.
  while (end > 0 && max_bytes - end < 3 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

class Copier {
 public:
  explicit Copier(const ValueBounds& bounds) : bounds_(bounds) {}

  Value Copy(const Value& value, size_t depth) {
    used_ += sizeof(Value);
    if (Exhausted()) return Keep(Value("...[cut: the entry is over its size limit]"));
    switch (value.kind()) {
      case Value::Kind::kString:
        return Keep(Value(BoundedText(value.AsString(), bounds_.max_string_bytes)));
      case Value::Kind::kBlob:
        return CopyBlob(value.AsBlob());
      case Value::Kind::kList:
      case Value::Kind::kObject:
        if (depth >= bounds_.max_depth) {
          return Keep(Value("...[cut: nested deeper than " + std::to_string(bounds_.max_depth) +
                            " levels]"));
        }
        return value.is_list() ? CopyList(value.AsList(), depth)
                               : CopyObject(value.AsObject(), depth);
      default:
        return value;
    }
  }

  size_t used() const { return used_; }

 private:
  bool Exhausted() const { return used_ >= bounds_.max_total_bytes; }

  // Accounts for the heap bytes of a string value just made.
  Value Keep(Value value) {
    if (value.kind() == Value::Kind::kString) used_ += HeapBytes(value.AsString());
    return value;
  }

  Value CopyBlob(const Blob& blob) {
    if (blob.bytes.size() <= bounds_.max_string_bytes) {
      used_ += HeapBytes(blob.bytes);
      return Value(blob);
    }
    // Shown as the base64 of its first bytes, as the blob itself would be, then the marker.
    std::string_view head(blob.bytes.data(), bounds_.max_string_bytes / 4 * 3);
    return Keep(Value(Base64Encode(head) + CutMarker(blob.bytes.size())));
  }

  Value CopyList(const ValueList& items, size_t depth) {
    ValueList out;
    size_t kept = 0;
    for (; kept < items.size() && kept < bounds_.max_members && !Exhausted(); ++kept) {
      out.push_back(Copy(items[kept], depth + 1));
    }
    if (kept < items.size()) {
      out.push_back(
          Keep(Value("...[cut: " + std::to_string(items.size() - kept) + " more items]")));
      used_ += sizeof(Value);
    }
    return Value(std::move(out));
  }

  Value CopyObject(const ValueFields& fields, size_t depth) {
    ValueFields out;
    size_t kept = 0;
    for (; kept < fields.size() && kept < bounds_.max_members && !Exhausted(); ++kept) {
      std::string key = BoundedText(fields[kept].first, bounds_.max_string_bytes);
      used_ += sizeof(std::string) + HeapBytes(key);
      Value member = Copy(fields[kept].second, depth + 1);
      out.emplace_back(std::move(key), std::move(member));
    }
    if (kept < fields.size()) {
      Value marker = Keep(Value(std::to_string(fields.size() - kept) + " more members"));
      used_ += sizeof(std::string) + sizeof(Value);
      out.emplace_back("...[cut]", std::move(marker));
    }
    return Value(std::move(out));
  }

  const ValueBounds& bounds_;
  size_t used_ = 0;
};

}  // namespace

std::string BoundedText(std::string_view text, size_t max_bytes) {
  std::string kept =
      text.size() <= max_bytes ? std::string(text) : std::string(Utf8Prefix(text, max_bytes));
  if (!IsValidUtf8(kept)) kept = ToValidUtf8(kept);
  if (text.size() > max_bytes) kept += CutMarker(text.size());
  return kept;
}

BoundedValue BoundedCopy(const Value& value, const ValueBounds& bounds) {
  Copier copier(bounds);
  Value copy = copier.Copy(value, 0);
  return BoundedValue{std::move(copy), copier.used()};
}

}  // namespace socialite::ops
