#include "server/spec/spec_types.h"

#include <algorithm>
#include <stdexcept>

namespace socialite::spec {

bool Operation::Lists(ErrorCode code) const {
  return IsProtocolError(code) || std::find(errors.begin(), errors.end(), code) != errors.end();
}

const Shape& ServiceSpec::shape(const std::string& name) const {
  const Shape* found = FindShape(name);
  if (found == nullptr) throw std::logic_error("spec: unknown shape " + name);
  return *found;
}

const Shape* ServiceSpec::FindShape(const std::string& name) const {
  auto it = shapes_.find(name);
  return it == shapes_.end() ? nullptr : &it->second;
}

const Operation* ServiceSpec::FindOperation(const std::string& name) const {
  for (const auto& op : operations_) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

}  // namespace socialite::spec
