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
  auto it = shape_index_.find(std::string_view(name));
  return it == shape_index_.end() ? nullptr : it->second;
}

ServiceSpec::ServiceSpec(const ServiceSpec& other)
    : shapes_(other.shapes_), operations_(other.operations_) {
  Reindex();
}

ServiceSpec& ServiceSpec::operator=(const ServiceSpec& other) {
  if (this == &other) return *this;
  shapes_ = other.shapes_;
  operations_ = other.operations_;
  Reindex();
  return *this;
}

void ServiceSpec::Add(Shape shape) {
  // Links copied from another spec would point into it.
  for (Member& member : shape.members) member.target = nullptr;
  shape.member_target = shape.key_target = shape.value_target = nullptr;
  std::string name = shape.name;
  auto [it, inserted] = shapes_.insert_or_assign(std::move(name), std::move(shape));
  shape_index_[std::string_view(it->first)] = &it->second;
}

void ServiceSpec::Add(Operation operation) {
  operation.input_target = operation.output_target = nullptr;
  operations_.push_back(std::move(operation));
}

void ServiceSpec::Reindex() {
  shape_index_.clear();
  for (const auto& [name, shape] : shapes_) shape_index_[std::string_view(name)] = &shape;
  Link();
}

void ServiceSpec::Link() {
  for (auto& [name, shape] : shapes_) {
    for (Member& member : shape.members) member.target = FindShape(member.shape);
    shape.member_target = FindShape(shape.member_shape);
    shape.key_target = FindShape(shape.key_shape);
    shape.value_target = FindShape(shape.value_shape);
  }
  for (Operation& operation : operations_) {
    operation.input_target = FindShape(operation.input);
    operation.output_target = FindShape(operation.output);
  }
}

const Operation* ServiceSpec::FindOperation(const std::string& name) const {
  for (const auto& op : operations_) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

}  // namespace socialite::spec
