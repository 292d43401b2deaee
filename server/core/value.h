// Value: the protocol-neutral tree that carries operation inputs and outputs between
// the protocol layer (which knows JSON and the spec) and handlers (which know neither).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace socialite {

class Value;
using ValueList = std::vector<Value>;
// Structures and maps: members keep insertion order so output is deterministic.
using ValueFields = std::vector<std::pair<std::string, Value>>;

// Decoded bytes of a blob member (base64 on the wire).
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// Epoch seconds of a timestamp member.
struct Timestamp {
  double seconds = 0;
  bool operator==(const Timestamp&) const = default;
};

class Value {
 public:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kBlob, kTimestamp, kList, kObject };

  Value() = default;
  Value(bool b) : data_(b) {}                       // NOLINT
  Value(int v) : data_(static_cast<int64_t>(v)) {}  // NOLINT
  Value(int64_t v) : data_(v) {}                    // NOLINT
  Value(double v) : data_(v) {}                     // NOLINT
  Value(std::string s) : data_(std::move(s)) {}     // NOLINT
  Value(const char* s) : data_(std::string(s)) {}   // NOLINT
  Value(Blob b) : data_(std::move(b)) {}            // NOLINT
  Value(Timestamp t) : data_(t) {}                  // NOLINT
  Value(ValueList l) : data_(std::move(l)) {}       // NOLINT
  Value(ValueFields f) : data_(std::move(f)) {}     // NOLINT

  static Value Object() { return Value(ValueFields{}); }
  static Value List() { return Value(ValueList{}); }

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_list() const { return kind() == Kind::kList; }

  bool AsBool() const { return std::get<bool>(data_); }
  int64_t AsInt() const { return std::get<int64_t>(data_); }
  double AsDouble() const { return std::get<double>(data_); }
  const std::string& AsString() const { return std::get<std::string>(data_); }
  const Blob& AsBlob() const { return std::get<Blob>(data_); }
  const Timestamp& AsTimestamp() const { return std::get<Timestamp>(data_); }
  const ValueList& AsList() const { return std::get<ValueList>(data_); }
  ValueList& AsList() { return std::get<ValueList>(data_); }
  const ValueFields& AsObject() const { return std::get<ValueFields>(data_); }
  ValueFields& AsObject() { return std::get<ValueFields>(data_); }

  // Object access. Get returns nullptr when absent (or when this is not an object).
  const Value* Get(std::string_view name) const;
  // Sets (replacing) a member; returns *this for chaining.
  Value& Set(std::string name, Value value);
  // Appends to a list.
  Value& Push(Value value);

  // Convenience readers for optional members of an object.
  std::optional<std::string> GetString(std::string_view name) const;
  std::optional<bool> GetBool(std::string_view name) const;
  std::optional<int64_t> GetInt(std::string_view name) const;

  bool operator==(const Value&) const = default;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Blob, Timestamp, ValueList,
               ValueFields>
      data_;
};

}  // namespace socialite
