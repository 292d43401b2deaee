#include "server/protocol/binder.h"

#include <charconv>
#include <cmath>

#include "server/core/json.h"

namespace socialite::protocol {
namespace {

using spec::ShapeType;

std::string JoinPath(const std::string& parent, const std::string& name) {
  return parent.empty() ? name : parent + "." + name;
}

ApiError TypeError(const std::string& path, const char* expected) {
  return Serialization("Expected " + std::string(expected) + " for '" + path + "'");
}

bool FitsShape(ShapeType type, int64_t v) {
  if (type == ShapeType::kInteger) return v >= INT32_MIN && v <= INT32_MAX;
  return true;
}

Result<Value> BindQueryValue(const spec::Shape& shape, const std::string& text,
                             const std::string& name) {
  switch (shape.type) {
    case ShapeType::kString:
      return Value(text);
    case ShapeType::kBoolean:
      if (text == "true") return Value(true);
      if (text == "false") return Value(false);
      return TypeError(name, "a boolean (true or false)");
    case ShapeType::kInteger:
    case ShapeType::kLong: {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || !FitsShape(shape.type, v)) {
        return TypeError(name, "an integer");
      }
      return Value(v);
    }
    default:
      return TypeError(name, "a scalar query parameter");
  }
}

}  // namespace

Result<Value> BindJsonValue(const spec::ServiceSpec& spec, const spec::Shape& shape,
                            const Value& json, const std::string& path) {
  switch (shape.type) {
    case ShapeType::kString:
      if (json.kind() != Value::Kind::kString) return TypeError(path, "a string");
      return json;
    case ShapeType::kBoolean:
      if (json.kind() != Value::Kind::kBool) return TypeError(path, "a boolean");
      return json;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (json.kind() != Value::Kind::kInt || !FitsShape(shape.type, json.AsInt())) {
        return TypeError(path, "an integer");
      }
      return json;
    case ShapeType::kTimestamp:
      if (json.kind() == Value::Kind::kInt) return Value(Timestamp{double(json.AsInt())});
      if (json.kind() == Value::Kind::kDouble) return Value(Timestamp{json.AsDouble()});
      return TypeError(path, "a timestamp in epoch seconds");
    case ShapeType::kBlob: {
      if (json.kind() != Value::Kind::kString) return TypeError(path, "a base64 string");
      auto bytes = Base64Decode(json.AsString());
      if (!bytes) return Serialization("Invalid base64 for '" + path + "'");
      return Value(Blob{std::move(*bytes)});
    }
    case ShapeType::kList: {
      if (!json.is_list()) return TypeError(path, "a list");
      const spec::Shape& member = spec.member_shape(shape);
      Value out = Value::List();
      int index = 0;
      for (const auto& item : json.AsList()) {
        ++index;
        if (item.is_null()) continue;  // AWS drops null list entries of sparse-less lists
        ASSIGN_OR_RETURN(Value bound,
                         BindJsonValue(spec, member, item, path + "." + std::to_string(index)));
        out.Push(std::move(bound));
      }
      return out;
    }
    case ShapeType::kMap: {
      if (!json.is_object()) return TypeError(path, "a map");
      const spec::Shape& value_shape = spec.value_shape(shape);
      Value out = Value::Object();
      for (const auto& [key, item] : json.AsObject()) {
        if (item.is_null()) continue;
        ASSIGN_OR_RETURN(Value bound, BindJsonValue(spec, value_shape, item, path + "." + key));
        // Parsed keys are unique already; a searching Set would make large maps quadratic.
        out.AsObject().emplace_back(key, std::move(bound));
      }
      return out;
    }
    case ShapeType::kStructure: {
      if (!json.is_object()) return TypeError(path, "an object");
      Value out = Value::Object();
      for (const auto& member : shape.members) {
        const Value* item = json.Get(member.name);
        if (item == nullptr || item->is_null()) continue;
        ASSIGN_OR_RETURN(Value bound, BindJsonValue(spec, spec.shape(member), *item,
                                                    JoinPath(path, member.name)));
        out.Set(member.name, std::move(bound));
      }
      return out;
    }
  }
  return TypeError(path, "a known type");
}

Result<Value> BindInput(const spec::ServiceSpec& spec, const spec::Operation& operation,
                        const QueryParams& query, std::string_view body) {
  const spec::Shape& input = spec.input(operation);
  Value out = Value::Object();

  bool has_body_members = false;
  for (const auto& member : input.members) {
    if (member.location == spec::Location::kBody) has_body_members = true;
  }
  // An empty body is an empty object; anything else must be a JSON object.
  if (has_body_members && body.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    ASSIGN_OR_RETURN(Value json, ParseJson(body));
    if (!json.is_object()) return Serialization("The request body must be a JSON object");
    for (const auto& member : input.members) {
      if (member.location != spec::Location::kBody) continue;
      const Value* item = json.Get(member.name);
      if (item == nullptr || item->is_null()) continue;
      ASSIGN_OR_RETURN(Value bound, BindJsonValue(spec, spec.shape(member), *item, member.name));
      out.Set(member.name, std::move(bound));
    }
  }

  for (const auto& member : input.members) {
    if (member.location != spec::Location::kQuery) continue;
    const std::string* text = nullptr;
    for (const auto& [key, value] : query) {
      if (key == member.WireName()) text = &value;  // the last occurrence wins
    }
    if (text == nullptr) continue;
    ASSIGN_OR_RETURN(Value bound, BindQueryValue(spec.shape(member), *text, member.WireName()));
    out.Set(member.name, std::move(bound));
  }
  return out;
}

}  // namespace socialite::protocol
