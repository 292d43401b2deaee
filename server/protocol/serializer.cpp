#include "server/protocol/serializer.h"

#include <string_view>
#include <type_traits>
#include <utility>

#include "server/core/json.h"

namespace socialite::protocol {

namespace {

// The member `name` of `value`, or null; const or not as `value` is.
template <typename V>
auto* Member(V& value, std::string_view name) {
  using Found = std::conditional_t<std::is_const_v<V>, const Value, Value>;
  Found* found = nullptr;
  if (!value.is_object()) return found;
  for (auto& [key, item] : value.AsObject()) {
    if (key == name) return &item;
  }
  return found;
}

// The member `name` of `value`, or null, searched from `next` on and then from the start;
// `next` moves past what is found. Views build their members in the shape's order, so each
// member is usually the next one.
const Value* MemberFrom(const Value& value, std::string_view name, size_t& next) {
  if (!value.is_object()) return nullptr;
  const ValueFields& fields = value.AsObject();
  for (size_t n = 0, i = next; n < fields.size(); ++n, ++i) {
    if (i == fields.size()) i = 0;
    if (fields[i].first == name) {
      next = i + 1;
      return &fields[i].second;
    }
  }
  return nullptr;
}

// Projection that copies from a `const Value` and moves out of a `Value` the caller gives up
// (the handler's output is dropped right after serializing, so its strings need no copy).
template <typename V>
Value Project(const spec::ServiceSpec& spec, const spec::Shape& shape, V& value) {
  switch (shape.type) {
    case spec::ShapeType::kStructure: {
      Value out = Value::Object();
      out.AsObject().reserve(shape.members.size());
      for (const auto& member : shape.members) {
        auto* item = Member(value, member.name);
        if (item == nullptr || item->is_null()) continue;
        out.Set(member.name, Project(spec, spec.shape(member), *item));
      }
      return out;
    }
    case spec::ShapeType::kList: {
      if (!value.is_list()) return Value::List();
      const spec::Shape& member = spec.member_shape(shape);
      Value out = Value::List();
      out.AsList().reserve(value.AsList().size());
      for (auto& item : value.AsList()) out.Push(Project(spec, member, item));
      return out;
    }
    case spec::ShapeType::kMap: {
      if (!value.is_object()) return Value::Object();
      const spec::Shape& value_shape = spec.value_shape(shape);
      Value out = Value::Object();
      for (auto& [key, item] : value.AsObject()) {
        out.Set(key, Project(spec, value_shape, item));
      }
      return out;
    }
    default:
      if constexpr (std::is_const_v<V>) {
        return value;
      } else {
        return std::move(value);
      }
  }
}

// Writes what WriteJson(Project(spec, shape, value)) would, without building the projection.
void WriteProjected(const spec::ServiceSpec& spec, const spec::Shape& shape, const Value& value,
                    JsonStreamWriter& out) {
  size_t next = 0;
  switch (shape.type) {
    case spec::ShapeType::kStructure:
      out.StartObject();
      for (const auto& member : shape.members) {
        const Value* item = MemberFrom(value, member.name, next);
        if (item == nullptr || item->is_null()) continue;
        out.Key(member.name);
        WriteProjected(spec, spec.shape(member), *item, out);
      }
      out.EndObject();
      return;
    case spec::ShapeType::kList:
      out.StartArray();
      if (value.is_list()) {
        const spec::Shape& member = spec.member_shape(shape);
        for (const auto& item : value.AsList()) WriteProjected(spec, member, item, out);
      }
      out.EndArray();
      return;
    case spec::ShapeType::kMap:
      out.StartObject();
      if (value.is_object()) {
        const spec::Shape& value_shape = spec.value_shape(shape);
        for (const auto& [key, item] : value.AsObject()) {
          out.Key(key);
          WriteProjected(spec, value_shape, item, out);
        }
      }
      out.EndObject();
      return;
    default:
      out.Write(value);
  }
}

}  // namespace

Value ProjectOntoShape(const spec::ServiceSpec& spec, const spec::Shape& shape,
                       const Value& value) {
  return Project(spec, shape, value);
}

HttpResponse JsonResponse(int status, const Value& body) {
  HttpResponse response;
  response.status = status;
  response.SetHeader("Content-Type", "application/json");
  response.body = WriteJson(body);
  return response;
}

HttpResponse SerializeOutput(const spec::ServiceSpec& spec, const spec::Operation& operation,
                             const Value& output) {
  JsonStreamWriter writer;
  WriteProjected(spec, spec.output(operation), output, writer);
  HttpResponse response;
  response.status = operation.success_status;
  response.SetHeader("Content-Type", "application/json");
  response.body = writer.Take();
  return response;
}

HttpResponse SerializeError(const ApiError& error) {
  Value body = Value::Object();
  body.Set("__type", ErrorName(error.code));
  body.Set("message", error.message);
  HttpResponse response = JsonResponse(ErrorHttpStatus(error.code), body);
  response.SetHeader("x-amzn-ErrorType", ErrorName(error.code));
  return response;
}

}  // namespace socialite::protocol
