// MetaDirectoryStore: Meta's business accounts, found by access token (loaded from fixtures).
#pragma once

#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

class MetaDirectoryStore {
 public:
  explicit MetaDirectoryStore(Database& db) : db_(db) {}
  // Inserts or replaces the account and its numbers.
  StoreStatus Put(const MetaAccount& account);
  StoreResult<std::optional<MetaAccount>> FindByToken(const std::string& access_token);

 private:
  Database& db_;
};

}  // namespace socialite::storage
