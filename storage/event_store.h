// EventStore: the outbox of webhook events. Handlers append in the same transaction as the
// state change that caused the event; the dispatcher claims due events, records each
// delivery attempt and moves events through their delivery states.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

struct EventFilter {
  std::optional<std::string> waba_id;
  std::optional<std::string> phone_number_id;
  std::optional<std::string> wamid;
  std::optional<std::string> kind;
  // A stored state, or "scheduled" (pending, not yet due at now_ms); "pending" then means
  // pending and due.
  std::optional<std::string> delivery_state;
  int64_t now_ms = 0;
};

// Where an event stands in its destination's delivery order.
struct EventOrder {
  int64_t due_ms = 0;
  int64_t seq = 0;
  friend bool operator<(const EventOrder& a, const EventOrder& b) {
    return a.due_ms != b.due_ms ? a.due_ms < b.due_ms : a.seq < b.seq;
  }
};

enum class ReplayResult { kReplayed, kUnknown, kStillOpen };

// What one delivery run decided for an event; RecordOutcomes writes a batch of them at once.
struct EventOutcome {
  std::string event_id;
  // delivered | retrying | dead | undeliverable, or pending: delivered, and a duplicate is
  // owed at next_attempt_ms (copies_owed more after it, delivery_kind "duplicate").
  std::string delivery_state;
  int64_t attempts = 0;
  int64_t at_ms = 0;                       // when it was decided: finished_ms of final states
  std::optional<int64_t> next_attempt_ms;  // retrying: the retry; pending: the duplicate
  std::string error;                       // last_error; unused for delivered
  std::optional<DeliveryAttempt> attempt;  // the attempt made, when one was
  int64_t copies_owed = 0;                 // pending: duplicates still owed after the next
  std::string delivery_kind = {};          // pending: what the next delivery is
};

// A destination re-resolved at delivery time, to store on the event.
struct DestinationChange {
  std::string event_id;
  std::optional<std::string> destination_arn;
};

class EventStore {
 public:
  explicit EventStore(Database& db) : db_(db) {}
  StoreStatus Append(const EventRecord& event);

  // Destinations that have open events (pending or retrying), in ARN order: the ones after
  // `after`, or with `after` nullopt all of them, led by nullopt when events without a
  // destination are open. At most `limit`; each costs one index lookup however many events
  // it has.
  StoreResult<std::vector<std::optional<std::string>>> OpenDestinations(
      const std::optional<std::string>& after, int limit);
  // The open events of one destination (nullopt: events without one) due at or before
  // `now_ms`, in delivery order (due time, then append order); with `after`, only those that
  // come after it in that order.
  StoreResult<std::vector<EventRecord>> OpenDueFor(const std::optional<std::string>& destination,
                                                   int64_t now_ms,
                                                   const std::optional<EventOrder>& after,
                                                   int limit);
  // The earliest time after `now_ms` at which an open event falls due or may be retried
  // (nullopt: none).
  StoreResult<std::optional<int64_t>> NextWakeAfter(int64_t now_ms);
  // The seq of the newest event (0 when there is none): it changes whenever one is appended.
  StoreResult<int64_t> NewestSeq();

  StoreStatus SetDestination(const std::string& event_id,
                             const std::optional<std::string>& destination_arn);
  StoreStatus RecordAttempt(const std::string& event_id, const DeliveryAttempt& attempt);
  StoreStatus MarkDelivered(const std::string& event_id, int64_t attempts, int64_t now_ms);
  // Opens the event again for another delivery of the same id and bytes, due at `due_ms`:
  // its retry budget starts afresh (attempt_base = attempts); when it happened stays.
  StoreStatus Requeue(const std::string& event_id, int64_t attempts, int64_t due_ms,
                      int64_t copies_owed, const std::string& delivery_kind);
  // Replay: a finished event (delivered, dead, undeliverable) is delivered again from now.
  StoreResult<ReplayResult> Replay(const std::string& event_id, int64_t now_ms);
  StoreStatus MarkRetrying(const std::string& event_id, int64_t attempts, int64_t next_attempt_ms,
                           const std::string& error);
  // Final failure states: "dead" (attempts exhausted) or "undeliverable" (no target).
  StoreStatus MarkFinished(const std::string& event_id, const std::string& state, int64_t attempts,
                           int64_t now_ms, const std::string& error);
  // The destination changes, attempts and new states of a batch in one transaction (one
  // commit instead of two or three per event); nothing of it is written on failure.
  StoreStatus RecordOutcomes(const std::vector<DestinationChange>& destinations,
                             const std::vector<EventOutcome>& outcomes);

  // In append (seq) order, which page tokens rely on.
  StoreResult<std::vector<EventRecord>> List(const EventFilter& filter, int64_t after_seq,
                                             int limit);
  // Newest first: the events appended before `before_seq`, in falling seq order.
  StoreResult<std::vector<EventRecord>> ListNewestFirst(const EventFilter& filter,
                                                        int64_t before_seq, int limit);
  StoreResult<std::vector<DeliveryAttempt>> Attempts(const std::string& event_id);
  // One event by id (nullopt: none).
  StoreResult<std::optional<EventRecord>> Find(const std::string& event_id);
  // Status events still to happen after `now_ms` (not yet due, so pending), in time order.
  StoreResult<std::vector<EventRecord>> StatusesAfter(int64_t now_ms);
  // Status events of a message that have happened by `now_ms`.
  StoreResult<std::vector<EventRecord>> StatusesOf(const std::string& wamid, int64_t now_ms);

  // Retention: deletes the oldest finished events beyond `keep`.
  StoreStatus PruneFinished(int64_t keep);
  // The same in steps, so a caller can let others use the database in between: the seq of
  // the newest finished event beyond `keep` (none: nothing to prune), then deletions of at
  // most `max_rows` finished events up to it, oldest first, each returning how many went.
  StoreResult<std::optional<int64_t>> PruneCutoff(int64_t keep);
  StoreResult<int64_t> PruneUpTo(int64_t last_seq, int64_t max_rows);

 private:
  StoreResult<std::vector<EventRecord>> ListPage(const EventFilter& filter, const char* position,
                                                 const char* order, int64_t bound_seq, int limit);

  Database& db_;
};

// Settings: small key/value facts that survive restarts.
class SettingsStore {
 public:
  explicit SettingsStore(Database& db) : db_(db) {}
  StoreStatus Put(const std::string& key, const std::string& value);
  StoreResult<std::optional<std::string>> Get(const std::string& key);

 private:
  Database& db_;
};

}  // namespace socialite::storage
