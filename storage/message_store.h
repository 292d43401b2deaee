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

// One (phone number, customer) thread: its size, newest message and service window.
struct ThreadSummary {
  Partition partition;
  int64_t message_count = 0;
  MessageRecord last;                        // the newest message, without its status history
  std::optional<std::string> customer_name;  // of the newest inbound message that had one
  std::optional<int64_t> last_inbound_ms;    // opened the customer service window
};

class MessageStore {
 public:
  explicit MessageStore(Database& db) : db_(db) {}
  // Inserts the message and its initial statuses. An outbound message's first status,
  // `accepted` at created_ms, is implied by the row and not stored: Find gives it.
  StoreStatus Insert(const Partition& p, const MessageRecord& message);
  StoreStatus AddStatus(const std::string& wamid, const StatusRecord& status);
  StoreStatus MarkRead(const std::string& wamid, int64_t at_ms);
  // With its status history (an outbound message's led by `accepted` at created_ms).
  StoreResult<std::optional<MessageRecord>> Find(const Partition& p, const std::string& wamid);

  // Looks a message up in every partition (admin endpoints).
  StoreResult<std::optional<std::pair<Partition, MessageRecord>>> FindAnywhere(
      const std::string& wamid);
  // Messages with seq > after_seq, oldest first; empty filters match everything.
  StoreResult<std::vector<std::pair<Partition, MessageRecord>>> List(
      const std::optional<std::string>& phone_number_id,
      const std::optional<std::string>& direction, const std::optional<std::string>& wa_id,
      int64_t after_seq, int limit);
  // The same filters, newest first: messages with seq < before_seq.
  StoreResult<std::vector<std::pair<Partition, MessageRecord>>> ListNewestFirst(
      const std::optional<std::string>& phone_number_id,
      const std::optional<std::string>& direction, const std::optional<std::string>& wa_id,
      int64_t before_seq, int limit);

  // The inbox: one thread per (phone number, customer), newest activity first, at most
  // `limit`; only the number's threads when `phone_number_id` is given.
  StoreResult<std::vector<ThreadSummary>> ListThreads(
      const std::optional<std::string>& phone_number_id, int limit);

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
  // One page of List (position "seq > ?1", ascending) or ListNewestFirst.
  StoreResult<std::vector<std::pair<Partition, MessageRecord>>> ListPage(
      const char* position, const char* order, const std::optional<std::string>& phone_number_id,
      const std::optional<std::string>& direction, const std::optional<std::string>& wa_id,
      int64_t bound_seq, int limit);

  Database& db_;
};

}  // namespace socialite::storage
