#include "server/core/value.h"

namespace socialite {

const Value* Value::Get(std::string_view name) const {
  if (!is_object()) return nullptr;
  for (const auto& [key, value] : AsObject()) {
    if (key == name) return &value;
  }
  return nullptr;
}

Value& Value::Set(std::string name, Value value) {
  if (!is_object()) data_ = ValueFields{};
  auto& fields = AsObject();
  for (auto& [key, existing] : fields) {
    if (key == name) {
      existing = std::move(value);
      return *this;
    }
  }
  fields.emplace_back(std::move(name), std::move(value));
  return *this;
}

Value& Value::Push(Value value) {
  if (!is_list()) data_ = ValueList{};
  AsList().push_back(std::move(value));
  return *this;
}

std::optional<std::string> Value::GetString(std::string_view name) const {
  const Value* v = Get(name);
  if (v == nullptr || v->kind() != Kind::kString) return std::nullopt;
  return v->AsString();
}

std::optional<bool> Value::GetBool(std::string_view name) const {
  const Value* v = Get(name);
  if (v == nullptr || v->kind() != Kind::kBool) return std::nullopt;
  return v->AsBool();
}

std::optional<int64_t> Value::GetInt(std::string_view name) const {
  const Value* v = Get(name);
  if (v == nullptr || v->kind() != Kind::kInt) return std::nullopt;
  return v->AsInt();
}

}  // namespace socialite
