// Result<T>: a value or an ApiError (C++20 has no std::expected).
#pragma once

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "server/core/api_error.h"

namespace socialite {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT: implicit by design
  Result(ApiError error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const ApiError& error() const { return std::get<ApiError>(state_); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, ApiError> state_;
};

// Status: success or an ApiError, for operations with nothing to return.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ApiError error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return !error_.has_value(); }
  const ApiError& error() const { return *error_; }

 private:
  std::optional<ApiError> error_;
};

#define SOCIALITE_CONCAT_INNER(a, b) a##b
#define SOCIALITE_CONCAT(a, b) SOCIALITE_CONCAT_INNER(a, b)

// RETURN_IF_ERROR(status_expr): returns the error of a failed Status/Result.
#define RETURN_IF_ERROR(expr)                                      \
  do {                                                             \
    auto socialite_status_ = (expr);                               \
    if (!socialite_status_.ok()) return socialite_status_.error(); \
  } while (0)

// ASSIGN_OR_RETURN(decl, result_expr): binds the value or returns the error.
#define ASSIGN_OR_RETURN(decl, expr) \
  ASSIGN_OR_RETURN_IMPL(SOCIALITE_CONCAT(socialite_result_, __LINE__), decl, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.error();           \
  decl = std::move(tmp).value()

}  // namespace socialite
