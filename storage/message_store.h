// MessageStore: outbound and inbound messages, their status history, and the customer
// service windows that inbound messages open.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

class MessageStore {
 public:
  explicit MessageStore(Database& db) : db_(db) {}
  // Inserts the message and its initial statuses.
  StoreStatus Insert(const Partition& p, const MessageRecord& message);
  StoreStatus AddStatus(const std::string& wamid, const StatusRecord& status);
  StoreStatus MarkRead(const std::string& wamid, int64_t at_ms);
  // With its status history.
  StoreResult<std::optional<MessageRecord>> Find(const Partition& p, const std::string& wamid);

  // Looks a message up in every partition (admin endpoints).
  StoreResult<std::optional<std::pair<Partition, MessageRecord>>> FindAnywhere(
      const std::string& wamid);
  // Messages with seq > after_seq, oldest first; empty filters match everything.
  StoreResult<std::vector<std::pair<Partition, MessageRecord>>> List(
      const std::optional<std::string>& phone_number_id,
      const std::optional<std::string>& direction, const std::optional<std::string>& wa_id,
      int64_t after_seq, int limit);

  // Customer service window: opened/refreshed by each inbound message.
  StoreStatus TouchWindow(const Partition& p, const std::string& phone_number_id,
                          const std::string& wa_id, int64_t at_ms);
  StoreResult<std::optional<int64_t>> LastInbound(const Partition& p,
                                                  const std::string& phone_number_id,
                                                  const std::string& wa_id);

  // Meta's rate limits (130429 and 131056 refusals do not count): how many of the number's
  // messages, both directions, were created after `since_ms` (counting stops at `at_most`),
  // and whether the number sent to the customer after `since_ms`.
  StoreResult<int64_t> CountSince(const Partition& p, const std::string& phone_number_id,
                                  int64_t since_ms, int64_t at_most);
  StoreResult<bool> SentToSince(const Partition& p, const std::string& phone_number_id,
                                const std::string& wa_id, int64_t since_ms);

 private:
  Database& db_;
};

}  // namespace socialite::storage
