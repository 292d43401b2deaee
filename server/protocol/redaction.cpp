#include "server/protocol/redaction.h"

namespace socialite::protocol {

Value RedactSensitive(const spec::ServiceSpec& spec, const spec::Shape& shape, const Value& value) {
  if (shape.constraints.sensitive) return Value("***");
  switch (shape.type) {
    case spec::ShapeType::kStructure: {
      if (!value.is_object()) return value;
      Value out = Value::Object();
      for (const auto& member : shape.members) {
        if (const Value* item = value.Get(member.name)) {
          out.Set(member.name, RedactSensitive(spec, spec.shape(member), *item));
        }
      }
      return out;
    }
    case spec::ShapeType::kList: {
      if (!value.is_list()) return value;
      Value out = Value::List();
      for (const auto& item : value.AsList()) {
        out.Push(RedactSensitive(spec, spec.member_shape(shape), item));
      }
      return out;
    }
    case spec::ShapeType::kMap: {
      if (!value.is_object()) return value;
      Value out = Value::Object();
      for (const auto& [key, item] : value.AsObject()) {
        // Map keys are unique already; a searching Set would make large maps quadratic.
        out.AsObject().emplace_back(key, RedactSensitive(spec, spec.value_shape(shape), item));
      }
      return out;
    }
    default:
      return value;
  }
}

}  // namespace socialite::protocol
