// Storage outcomes: storage speaks its own codes (never AWS errors); handlers translate.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace socialite::storage {

enum class StoreCode { kOk, kNotFound, kAlreadyExists, kBusy, kError };

struct StoreError {
  StoreCode code = StoreCode::kError;
  std::string message;
};

class [[nodiscard]] StoreStatus {
 public:
  StoreStatus() = default;
  StoreStatus(StoreError error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return !error_.has_value(); }
  const StoreError& error() const { return *error_; }
  StoreCode code() const { return error_ ? error_->code : StoreCode::kOk; }

 private:
  std::optional<StoreError> error_;
};

template <typename T>
class [[nodiscard]] StoreResult {
 public:
  StoreResult(T value) : state_(std::move(value)) {}           // NOLINT: implicit by design
  StoreResult(StoreError error) : state_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const StoreError& error() const { return std::get<StoreError>(state_); }
  StoreCode code() const { return ok() ? StoreCode::kOk : error().code; }

 private:
  std::variant<T, StoreError> state_;
};

}  // namespace socialite::storage
