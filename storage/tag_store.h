// TagStore: key/value tags on resources, keyed by the resource's id.
#pragma once

#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

class TagStore {
 public:
  explicit TagStore(Database& db) : db_(db) {}
  // Sets each tag, overwriting existing keys (keeps a key's original position).
  StoreStatus Put(const Partition& p, const std::string& resource_id,
                  const std::vector<TagRecord>& tags);
  StoreStatus Remove(const Partition& p, const std::string& resource_id,
                     const std::vector<std::string>& keys);
  StoreResult<std::vector<TagRecord>> List(const Partition& p, const std::string& resource_id);

 private:
  Database& db_;
};

}  // namespace socialite::storage
