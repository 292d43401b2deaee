// The only door to RapidJSON: untyped JSON text <-> Value.
// Objects become Value objects (member order kept), arrays lists, integral numbers kInt,
// other numbers kDouble. Parsing is iterative, validates UTF-8 and bounds nesting depth, so
// hostile input yields an error instead of a crash.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "server/core/result.h"
#include "server/core/value.h"

namespace socialite {

constexpr int kMaxJsonDepth = 64;

// Parses JSON text. Errors are SerializationException with the reason and offset.
Result<Value> ParseJson(std::string_view text);

// Writes compact JSON. Blobs are written base64, timestamps as epoch-second numbers.
std::string WriteJson(const Value& value);

// Writes compact JSON piece by piece, formatted as WriteJson formats it: for serializers that
// write a projection of a Value without building the projected tree first.
class JsonStreamWriter {
 public:
  JsonStreamWriter();
  ~JsonStreamWriter();
  JsonStreamWriter(const JsonStreamWriter&) = delete;
  JsonStreamWriter& operator=(const JsonStreamWriter&) = delete;

  void StartObject();
  void EndObject();
  void StartArray();
  void EndArray();
  void Key(std::string_view key);
  void Write(const Value& value);  // a whole value, as WriteJson writes it
  std::string Take();              // the text written so far

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Standard base64 (RFC 4648 with padding).
std::string Base64Encode(std::string_view bytes);
// Strict decode: rejects characters outside the alphabet and bad padding.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace socialite
