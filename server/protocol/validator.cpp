#include "server/protocol/validator.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

namespace socialite::protocol {
namespace {

using spec::ShapeType;

const RE2* CompiledPattern(const std::string& pattern) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<RE2>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[pattern];
  if (!slot) {
    RE2::Options options;
    options.set_log_errors(false);
    slot = std::make_unique<RE2>(pattern, options);
  }
  return slot.get();
}

// How a value is echoed in a message (Java toString-like for lists and maps).
std::string Render(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return value.AsBool() ? "true" : "false";
    case Value::Kind::kInt:
      return std::to_string(value.AsInt());
    case Value::Kind::kDouble:
      return std::to_string(value.AsDouble());
    case Value::Kind::kString:
      return value.AsString();
    case Value::Kind::kBlob:
      return "java.nio.HeapByteBuffer[pos=0 lim=" + std::to_string(value.AsBlob().bytes.size()) +
             " cap=" + std::to_string(value.AsBlob().bytes.size()) + "]";
    case Value::Kind::kTimestamp:
      return std::to_string(value.AsTimestamp().seconds);
    case Value::Kind::kList: {
      std::string out = "[";
      for (const auto& item : value.AsList()) {
        if (out.size() > 1) out += ", ";
        out += Render(item);
      }
      return out + "]";
    }
    case Value::Kind::kObject: {
      std::string out = "{";
      for (const auto& [key, item] : value.AsObject()) {
        if (out.size() > 1) out += ", ";
        out += key + "=" + Render(item);
      }
      return out + "}";
    }
  }
  return "";
}

class Checker {
 public:
  explicit Checker(const spec::ServiceSpec& spec) : spec_(spec) {}

  void CheckMembers(const spec::Shape& shape, const Value& object, const std::string& path,
                    bool sensitive) {
    for (const auto& member : shape.members) {
      std::string member_path = path.empty() ? member.name : path + "." + member.name;
      const Value* value = object.Get(member.name);
      if (value == nullptr || value->is_null()) {
        if (member.required) {
          Add("Value null at '" + member_path +
              "' failed to satisfy constraint: Member must not be null");
        }
        continue;
      }
      Check(spec_.shape(member), *value, member_path, sensitive);
    }
  }

  std::vector<std::string> TakeViolations() { return std::move(violations_); }

 private:
  void Check(const spec::Shape& shape, const Value& value, const std::string& path,
             bool sensitive) {
    sensitive = sensitive || shape.constraints.sensitive;
    for (const std::string& failure : ScalarFailures(shape, value)) {
      AddFailure(value, path, sensitive, failure);
    }
    switch (shape.type) {
      case ShapeType::kStructure:
        CheckMembers(shape, value, path, sensitive);
        break;
      case ShapeType::kList: {
        const spec::Shape& member = spec_.member_shape(shape);
        int index = 0;
        for (const auto& item : value.AsList()) {
          Check(member, item, path + "." + std::to_string(++index) + ".member", sensitive);
        }
        break;
      }
      case ShapeType::kMap:
        CheckMap(shape, value, path, sensitive);
        break;
      default:
        break;
    }
  }

  // Coral reports a map's entries as one violation each for keys and for values.
  void CheckMap(const spec::Shape& shape, const Value& value, const std::string& path,
                bool sensitive) {
    const spec::Shape& key_shape = spec_.key_shape(shape);
    const spec::Shape& value_shape = spec_.value_shape(shape);
    std::vector<std::string> key_failures, value_failures;
    auto collect = [](std::vector<std::string>& into, std::vector<std::string> found) {
      for (auto& f : found) {
        if (std::find(into.begin(), into.end(), f) == into.end()) into.push_back(std::move(f));
      }
    };
    for (const auto& [key, item] : value.AsObject()) {
      collect(key_failures, ScalarFailures(key_shape, Value(key)));
      collect(value_failures, ScalarFailures(value_shape, item));
    }
    auto joined = [](const std::vector<std::string>& failures) {
      std::string out;
      for (const auto& f : failures) out += (out.empty() ? "" : ", ") + f;
      return "[" + out + "]";
    };
    if (!key_failures.empty()) {
      AddFailure(value, path, sensitive,
                 "Map keys must satisfy constraint: " + joined(key_failures));
    }
    if (!value_failures.empty()) {
      AddFailure(value, path, sensitive,
                 "Map value must satisfy constraint: " + joined(value_failures));
    }
  }

  // Failures of the constraints that apply to this value itself (not its children).
  std::vector<std::string> ScalarFailures(const spec::Shape& shape, const Value& value) const {
    std::vector<std::string> failures;
    const spec::Constraints& c = shape.constraints;
    std::optional<int64_t> length;
    switch (shape.type) {
      case ShapeType::kString:
        length = CodePointLength(value.AsString());
        break;
      case ShapeType::kBlob:
        length = static_cast<int64_t>(value.AsBlob().bytes.size());
        break;
      case ShapeType::kList:
        length = static_cast<int64_t>(value.AsList().size());
        break;
      case ShapeType::kMap:
        length = static_cast<int64_t>(value.AsObject().size());
        break;
      default:
        break;
    }
    if (length) {
      if (c.min && *length < *c.min) {
        failures.push_back("Member must have length greater than or equal to " +
                           std::to_string(*c.min));
      }
      if (c.max && *length > *c.max) {
        failures.push_back("Member must have length less than or equal to " +
                           std::to_string(*c.max));
      }
    }
    if (shape.type == ShapeType::kInteger || shape.type == ShapeType::kLong) {
      if (c.min && value.AsInt() < *c.min) {
        failures.push_back("Member must have value greater than or equal to " +
                           std::to_string(*c.min));
      }
      if (c.max && value.AsInt() > *c.max) {
        failures.push_back("Member must have value less than or equal to " +
                           std::to_string(*c.max));
      }
    }
    if (shape.type == ShapeType::kString) {
      if (!c.pattern.empty() && !MatchesWhole(c.pattern, value.AsString())) {
        failures.push_back("Member must satisfy regular expression pattern: " + c.pattern);
      }
      if (!c.enum_values.empty() && std::find(c.enum_values.begin(), c.enum_values.end(),
                                              value.AsString()) == c.enum_values.end()) {
        std::string set;
        for (const auto& e : c.enum_values) set += (set.empty() ? "" : ", ") + e;
        failures.push_back("Member must satisfy enum value set: [" + set + "]");
      }
    }
    return failures;
  }

  void AddFailure(const Value& value, const std::string& path, bool sensitive,
                  const std::string& failure) {
    // A sensitive value is never echoed: "Value at 'x' failed ...".
    std::string echoed = sensitive ? "Value at '" : "Value '" + Render(value) + "' at '";
    Add(echoed + path + "' failed to satisfy constraint: " + failure);
  }

  void Add(std::string violation) { violations_.push_back(std::move(violation)); }

  const spec::ServiceSpec& spec_;
  std::vector<std::string> violations_;
};

}  // namespace

int64_t CodePointLength(const std::string& text) {
  int64_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;  // count every byte that is not a continuation byte
  }
  return count;
}

bool PatternCompiles(const std::string& pattern) { return CompiledPattern(pattern)->ok(); }

bool MatchesWhole(const std::string& pattern, const std::string& text) {
  const RE2* re = CompiledPattern(pattern);
  return re->ok() && RE2::FullMatch(text, *re);
}

std::vector<std::string> FindViolations(const spec::ServiceSpec& spec, const spec::Shape& shape,
                                        const Value& input) {
  Checker checker(spec);
  checker.CheckMembers(shape, input, "", shape.constraints.sensitive);
  return checker.TakeViolations();
}

Status ValidateInput(const spec::ServiceSpec& spec, const spec::Operation& operation,
                     const Value& input) {
  std::vector<std::string> violations = FindViolations(spec, spec.input(operation), input);
  if (violations.empty()) return {};
  std::string message =
      std::to_string(violations.size()) +
      (violations.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < violations.size(); ++i) {
    if (i > 0) message += "; ";
    message += violations[i];
  }
  return Validation(std::move(message));
}

}  // namespace socialite::protocol
