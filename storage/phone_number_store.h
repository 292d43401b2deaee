// PhoneNumberStore: phone numbers linked to WABAs.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

class PhoneNumberStore {
 public:
  explicit PhoneNumberStore(Database& db) : db_(db) {}
  // kAlreadyExists when the id or the Meta number is linked already in the partition.
  StoreStatus Insert(const Partition& p, const PhoneNumberRecord& number);
  StoreResult<std::optional<PhoneNumberRecord>> Find(const Partition& p, const std::string& id);
  StoreResult<std::optional<PhoneNumberRecord>> FindByMetaId(const Partition& p,
                                                             const std::string& meta_id);
  // Looks a number up in every partition (admin endpoints), with its partition.
  StoreResult<std::optional<std::pair<Partition, PhoneNumberRecord>>> FindAnywhere(
      const std::string& id);
  StoreResult<std::vector<PhoneNumberRecord>> ListForWaba(const Partition& p,
                                                          const std::string& waba_id);

 private:
  Database& db_;
};

}  // namespace socialite::storage
