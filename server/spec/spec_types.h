// The vocabulary of the service description: shapes, members, operations.
// One table (service_spec.cpp) written in these terms drives routing, binding, validation
// and serialization; nothing else in the server restates a documented constraint.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/core/api_error.h"

namespace socialite::spec {

enum class ShapeType {
  kString,
  kBoolean,
  kInteger,
  kLong,
  kTimestamp,
  kBlob,
  kList,
  kMap,
  kStructure
};

// Where an input member travels on the wire.
enum class Location { kBody, kQuery };

// Every member below has an initializer: the spec tables name only the members they set.
struct Constraints {
  std::optional<int64_t> min = {};  // length (strings, blobs, lists, maps) or value (numbers)
  std::optional<int64_t> max = {};
  std::string pattern = {};  // whole-value regular expression; empty = none
  std::vector<std::string> enum_values = {};
  bool sensitive = false;  // never echoed in messages or logs
};

struct Shape;

struct Member {
  std::string name;
  std::string shape;  // name of the target shape
  bool required = false;
  Location location = Location::kBody;
  std::string location_name = {};  // query parameter name; empty = member name
  const Shape* target = nullptr;   // `shape` resolved by ServiceSpec::Link(); else null
  const std::string& WireName() const { return location_name.empty() ? name : location_name; }
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;
  Constraints constraints = {};
  std::vector<Member> members = {};  // structures
  std::string member_shape = {};     // lists
  std::string key_shape = {};        // maps
  std::string value_shape = {};      // maps
  // The three above resolved by ServiceSpec::Link(); null until then.
  const Shape* member_target = nullptr;
  const Shape* key_target = nullptr;
  const Shape* value_target = nullptr;
};

struct Operation {
  std::string name;
  std::string method;
  std::string path;
  std::string input = {};               // structure shape name
  std::string output = {};              // structure shape name
  const Shape* input_target = nullptr;  // `input` and `output` resolved by ServiceSpec::Link()
  const Shape* output_target = nullptr;
  std::vector<ErrorCode> errors = {};
  int success_status = 200;
  // Paging declaration for List operations: the item list member and its default page size.
  std::string page_items = {};
  int default_page_size = 0;

  bool Lists(ErrorCode code) const;
};

class ServiceSpec {
 public:
  const Shape& shape(const std::string& name) const;  // REQUIRES: the shape exists
  // The shapes a member, a list, a map or an operation refers to (REQUIRES: they exist): by
  // pointer once linked, else by name. Serialization asks for them per member of a response.
  const Shape& shape(const Member& member) const { return Resolve(member.target, member.shape); }
  const Shape& member_shape(const Shape& list) const {
    return Resolve(list.member_target, list.member_shape);
  }
  const Shape& key_shape(const Shape& map) const { return Resolve(map.key_target, map.key_shape); }
  const Shape& value_shape(const Shape& map) const {
    return Resolve(map.value_target, map.value_shape);
  }
  const Shape& input(const Operation& operation) const {
    return Resolve(operation.input_target, operation.input);
  }
  const Shape& output(const Operation& operation) const {
    return Resolve(operation.output_target, operation.output);
  }
  const Shape* FindShape(const std::string& name) const;
  const Operation* FindOperation(const std::string& name) const;
  const std::vector<Operation>& operations() const { return operations_; }
  const std::map<std::string, Shape>& shapes() const { return shapes_; }

  ServiceSpec() = default;
  // Copies rebuild the name index, which points into their own shapes.
  ServiceSpec(const ServiceSpec& other);
  ServiceSpec& operator=(const ServiceSpec& other);
  ServiceSpec(ServiceSpec&&) = default;  // map nodes move with the map: the index stays valid
  ServiceSpec& operator=(ServiceSpec&&) = default;

  // Builders used by the table. What an added shape or operation refers to is looked up by
  // name until the next Link().
  void Add(Shape shape);
  void Add(Operation operation);
  // Resolves every reference between shapes and operations to a pointer (references to shapes
  // that do not exist stay names). Copies link themselves; moves keep the links.
  void Link();

 private:
  void Reindex();
  const Shape& Resolve(const Shape* target, const std::string& name) const {
    return target != nullptr ? *target : shape(name);
  }

  std::map<std::string, Shape> shapes_;
  // Shapes by name, hashed: serialization looks shapes up per member of every response.
  std::unordered_map<std::string_view, const Shape*> shape_index_;
  std::vector<Operation> operations_;
};

// The one description of AWS End User Messaging Social that the server implements.
const ServiceSpec& Service();

}  // namespace socialite::spec
