// WabaStore: linked WhatsApp Business Accounts and their event destinations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

class WabaStore {
 public:
  explicit WabaStore(Database& db) : db_(db) {}
  // Inserts a new WABA (kAlreadyExists if its id or Meta id is linked already).
  StoreStatus Insert(const Partition& p, const WabaRecord& waba);
  StoreResult<std::optional<WabaRecord>> Find(const Partition& p, const std::string& id);
  StoreResult<std::optional<WabaRecord>> FindByMetaId(const Partition& p,
                                                      const std::string& meta_waba_id);
  // WABAs with seq > after_seq in listing order, at most `limit`.
  StoreResult<std::vector<WabaRecord>> ListAfter(const Partition& p, int64_t after_seq, int limit);
  // Every (account, region) with a linked WABA, sorted (admin endpoints).
  StoreResult<std::vector<Partition>> Partitions();
  StoreStatus ReplaceEventDestinations(const Partition& p, const std::string& id,
                                       const std::vector<EventDestination>& destinations);
  // Deletes the WABA with its numbers, destinations and every tag on them.
  StoreStatus Delete(const Partition& p, const std::string& id);

 private:
  StoreStatus LoadDestinations(const Partition& p, WabaRecord& waba);
  Database& db_;
};

}  // namespace socialite::storage
