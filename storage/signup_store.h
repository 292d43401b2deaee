// SignupStore: step-1 sign-up tokens and the numbers they offered.
#pragma once

#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

class SignupStore {
 public:
  explicit SignupStore(Database& db) : db_(db) {}
  StoreStatus Insert(const SignupRecord& signup);
  StoreResult<std::optional<SignupRecord>> Find(const std::string& token);
  StoreStatus MarkUsed(const std::string& token);

 private:
  Database& db_;
};

}  // namespace socialite::storage
