// The builders the spec table is written with, and the per-area parts of the table.
// service_spec.cpp holds the 21 operations of the January API reference; each later area adds
// its operations (and the shapes only it uses) in a file of its own, after the core shapes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "server/spec/spec_types.h"

namespace socialite::spec {

inline constexpr bool kRequired = true;

// Operations that call through to Meta (templates, library, media).
inline const std::vector<ErrorCode> kMetaBackedErrors = {
    ErrorCode::kValidation,        ErrorCode::kAccessDenied,       ErrorCode::kResourceNotFound,
    ErrorCode::kInvalidParameters, ErrorCode::kAccessDeniedByMeta, ErrorCode::kThrottledRequest,
    ErrorCode::kInternalService,   ErrorCode::kDependency};
// Operations on one linked account or phone number, and sending.
inline const std::vector<ErrorCode> kLinkedResourceErrors = {
    ErrorCode::kValidation,       ErrorCode::kAccessDenied,     ErrorCode::kInvalidParameters,
    ErrorCode::kResourceNotFound, ErrorCode::kThrottledRequest, ErrorCode::kInternalService,
    ErrorCode::kDependency};
// Tagging and event destinations: no Meta call, no not-found in the reference.
inline const std::vector<ErrorCode> kAccountResourceErrors = {
    ErrorCode::kValidation, ErrorCode::kAccessDenied, ErrorCode::kInvalidParameters,
    ErrorCode::kThrottledRequest, ErrorCode::kInternalService};

inline Shape Scalar(std::string name, ShapeType type, Constraints constraints = {}) {
  return Shape{.name = std::move(name), .type = type, .constraints = std::move(constraints)};
}
inline Shape Struct(std::string name, std::vector<Member> members, Constraints constraints = {}) {
  return Shape{.name = std::move(name),
               .type = ShapeType::kStructure,
               .constraints = std::move(constraints),
               .members = std::move(members)};
}
inline Shape ListOf(std::string name, std::string member_shape, Constraints constraints = {}) {
  return Shape{.name = std::move(name),
               .type = ShapeType::kList,
               .constraints = std::move(constraints),
               .member_shape = std::move(member_shape)};
}
inline Shape MapOf(std::string name, std::string key_shape, std::string value_shape,
                   Constraints constraints = {}) {
  return Shape{.name = std::move(name),
               .type = ShapeType::kMap,
               .constraints = std::move(constraints),
               .key_shape = std::move(key_shape),
               .value_shape = std::move(value_shape)};
}
inline Member Req(std::string name, std::string shape) {
  return Member{.name = std::move(name), .shape = std::move(shape), .required = true};
}
inline Member Opt(std::string name, std::string shape) {
  return Member{.name = std::move(name), .shape = std::move(shape)};
}
inline Member Query(std::string name, std::string shape, std::string wire_name,
                    bool required = false) {
  return Member{.name = std::move(name),
                .shape = std::move(shape),
                .required = required,
                .location = Location::kQuery,
                .location_name = std::move(wire_name)};
}

// Per-area parts, called by Build() after the core operations (their shapes may be reused).
void AddFlowOperations(ServiceSpec& s);           // flow_spec.cpp: WhatsApp Flows (10)
void AddDatasetOperations(ServiceSpec& s);        // dataset_spec.cpp: conversion datasets (2)
void AddCallingAndKeyOperations(ServiceSpec& s);  // calling_spec.cpp: 2026-09 additions (5)

}  // namespace socialite::spec
