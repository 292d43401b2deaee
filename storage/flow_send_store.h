// FlowSendStore: the flow each accepted flow message (interactive flow, or template with a
// flow button) opens, with its flow token: what a THROTTLED flow's hourly cap counts, and
// what the customer's completion of that message echoes back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

struct FlowSendRecord {
  std::string wamid;
  std::string waba_id;
  std::string flow_id;
  std::string flow_token;
  int64_t sent_ms = 0;
};

class FlowSendStore {
 public:
  explicit FlowSendStore(Database& db) : db_(db) {}
  StoreStatus Insert(const Partition& p, const FlowSendRecord& send);
  // Messages of `flow_id` accepted after `since_ms`.
  StoreResult<int64_t> CountSince(const Partition& p, const std::string& flow_id, int64_t since_ms);
  StoreResult<std::optional<FlowSendRecord>> FindByWamid(const Partition& p,
                                                         const std::string& wamid);

 private:
  Database& db_;
};

}  // namespace socialite::storage
