#include "server/protocol/serializer.h"

#include "server/core/json.h"

namespace socialite::protocol {

Value ProjectOntoShape(const spec::ServiceSpec& spec, const spec::Shape& shape,
                       const Value& value) {
  switch (shape.type) {
    case spec::ShapeType::kStructure: {
      Value out = Value::Object();
      for (const auto& member : shape.members) {
        const Value* item = value.Get(member.name);
        if (item == nullptr || item->is_null()) continue;
        out.Set(member.name, ProjectOntoShape(spec, spec.shape(member.shape), *item));
      }
      return out;
    }
    case spec::ShapeType::kList: {
      if (!value.is_list()) return Value::List();
      const spec::Shape& member = spec.shape(shape.member_shape);
      Value out = Value::List();
      for (const auto& item : value.AsList()) out.Push(ProjectOntoShape(spec, member, item));
      return out;
    }
    case spec::ShapeType::kMap: {
      if (!value.is_object()) return Value::Object();
      const spec::Shape& value_shape = spec.shape(shape.value_shape);
      Value out = Value::Object();
      for (const auto& [key, item] : value.AsObject()) {
        out.Set(key, ProjectOntoShape(spec, value_shape, item));
      }
      return out;
    }
    default:
      return value;
  }
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
  return JsonResponse(operation.success_status,
                      ProjectOntoShape(spec, spec.shape(operation.output), output));
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
