#include "storage/event_store.h"

#include <sqlite3.h>

#include <optional>

#include "storage/statement.h"

namespace socialite::storage {
namespace {

constexpr const char* kSelect =
    "SELECT id, account, region, waba_id, phone_number_id, wamid, kind, field, status, "
    "error_code, IFNULL(envelope_json, ''), destination_arn, created_ms, due_ms, delivery_state, "
    "attempts, next_attempt_ms, last_error, finished_ms, seq, IFNULL(occurs_ms, due_ms), "
    "copies_owed, copy_gap_ms, attempt_base, delivery_kind FROM events LEFT JOIN event_envelopes "
    "ON event_seq = seq ";

// The condition of the partial indexes events_open and events_open_by_destination: SQLite
// uses them only for queries that state it (delivery_state = 'pending' alone is not enough).
constexpr const char* kOpen = "delivery_state IN ('pending', 'retrying')";

std::optional<int64_t> OptionalInt(const Statement& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

EventRecord ReadEvent(const Statement& row) {
  EventRecord e;
  e.id = row.Text(0);
  e.partition = {row.Text(1), row.Text(2)};
  e.waba_id = row.Text(3);
  e.phone_number_id = row.OptionalText(4);
  e.wamid = row.OptionalText(5);
  e.kind = row.Text(6);
  e.field = row.Text(7);
  e.status = row.OptionalText(8);
  e.error_code = OptionalInt(row, 9);
  e.envelope_json = row.Text(10);
  e.destination_arn = row.OptionalText(11);
  e.created_ms = row.Int(12);
  e.due_ms = row.Int(13);
  e.delivery_state = row.Text(14);
  e.attempts = row.Int(15);
  e.next_attempt_ms = OptionalInt(row, 16);
  e.last_error = row.OptionalText(17);
  e.finished_ms = OptionalInt(row, 18);
  e.seq = row.Int(19);
  e.occurs_ms = row.Int(20);
  e.copies_owed = row.Int(21);
  e.copy_gap_ms = row.Int(22);
  e.attempt_base = row.Int(23);
  e.delivery_kind = row.Text(24);
  return e;
}

StoreResult<std::vector<EventRecord>> ReadAll(Statement& rows) {
  std::vector<EventRecord> out;
  while (rows.Step()) out.push_back(ReadEvent(rows));
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

void BindOptionalInt(Statement& st, int index, const std::optional<int64_t>& value) {
  if (value) {
    st.Bind(index, *value);
  } else {
    st.BindNull(index);
  }
}

}  // namespace

StoreStatus EventStore::Append(const EventRecord& e) {
  // The row and its envelope together; the writer's callers are already in a transaction.
  std::optional<Transaction> own;
  if (sqlite3_get_autocommit(db_.handle()) != 0) {
    own.emplace(db_);
    RETURN_IF_STORE_ERROR(own->begin_status());
  }
  Statement insert(db_,
                   "INSERT INTO events (id, account, region, waba_id, phone_number_id, wamid, "
                   "kind, field, status, error_code, destination_arn, created_ms, due_ms, "
                   "delivery_state, occurs_ms, copies_owed, copy_gap_ms) VALUES (?, ?, ?, ?, ?, "
                   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, e.id)
      .Bind(2, e.partition.account)
      .Bind(3, e.partition.region)
      .Bind(4, e.waba_id)
      .BindOptional(5, e.phone_number_id)
      .BindOptional(6, e.wamid)
      .Bind(7, e.kind)
      .Bind(8, e.field)
      .BindOptional(9, e.status);
  BindOptionalInt(insert, 10, e.error_code);
  insert.BindOptional(11, e.destination_arn)
      .Bind(12, e.created_ms)
      .Bind(13, e.due_ms)
      .Bind(14, e.delivery_state);
  // 0: it happens when it is due (the reads take IFNULL(occurs_ms, due_ms)).
  BindOptionalInt(insert, 15,
                  e.occurs_ms != 0 ? std::optional<int64_t>(e.occurs_ms) : std::nullopt);
  insert.Bind(16, e.copies_owed).Bind(17, e.copy_gap_ms);
  RETURN_IF_STORE_ERROR(insert.Run());
  // The envelope goes to a table that is only ever appended to: the event rows, rewritten by
  // every delivery outcome, stay small and many share a page.
  Statement envelope(db_,
                     "INSERT INTO event_envelopes (event_seq, envelope_json) VALUES "
                     "(last_insert_rowid(), ?)");
  RETURN_IF_STORE_ERROR(envelope.Bind(1, e.envelope_json).Run());
  return own ? own->Commit() : StoreStatus();
}

StoreResult<std::vector<std::optional<std::string>>> EventStore::OpenDestinations(
    const std::optional<std::string>& after, int limit) {
  std::vector<std::optional<std::string>> out;
  if (limit <= 0) return out;
  if (!after) {
    Statement none(db_,
                   "SELECT 1 FROM events WHERE delivery_state IN ('pending', 'retrying') AND "
                   "destination_arn IS NULL LIMIT 1");
    if (none.Step()) out.push_back(std::nullopt);
    RETURN_IF_STORE_ERROR(none.status());
  }
  // A loose index scan: one seek per destination instead of a walk over all its events (the
  // planner, with no statistics, would rather read every open event through events_open).
  Statement next(db_,
                 "SELECT destination_arn FROM events INDEXED BY events_open_by_destination "
                 "WHERE delivery_state IN ('pending', 'retrying') AND destination_arn > ? "
                 "ORDER BY destination_arn LIMIT 1");
  std::string cursor = after.value_or("");  // ARNs are never empty
  while (static_cast<int>(out.size()) < limit) {
    next.Reset();
    next.Bind(1, cursor);
    if (!next.Step()) {
      RETURN_IF_STORE_ERROR(next.status());
      break;
    }
    cursor = next.Text(0);
    out.push_back(cursor);
  }
  return out;
}

StoreResult<std::vector<EventRecord>> EventStore::OpenDueFor(
    const std::optional<std::string>& destination, int64_t now_ms,
    const std::optional<EventOrder>& after, int limit) {
  // Both walk events_open_by_destination from the destination's first due event (or from
  // `after`) and stop at the limit.
  constexpr const char* kOpenOf =
      "WHERE destination_arn IS ?1 AND delivery_state IN ('pending', 'retrying') AND "
      "due_ms <= ?2 ";
  Statement rows(db_, std::string(kSelect) + kOpenOf +
                          (after ? "AND (due_ms, seq) > (?4, ?5) " : "") +
                          "ORDER BY due_ms, seq LIMIT ?3");
  rows.BindOptional(1, destination).Bind(2, now_ms).Bind(3, limit);
  if (after) rows.Bind(4, after->due_ms).Bind(5, after->seq);
  return ReadAll(rows);
}

StoreResult<std::optional<int64_t>> EventStore::NextWakeAfter(int64_t now_ms) {
  // The first pending event after now is one seek in events_open; retrying events are few
  // (at most one per destination). kOpen lets SQLite use that partial index.
  Statement row(db_, std::string("SELECT MIN(wake) FROM (SELECT MIN(due_ms) AS wake FROM events "
                                 "WHERE ") +
                         kOpen +
                         " AND delivery_state = 'pending' AND due_ms > ?1 UNION ALL SELECT "
                         "MIN(next_attempt_ms) FROM events WHERE " +
                         kOpen + " AND delivery_state = 'retrying' AND next_attempt_ms > ?1)");
  row.Bind(1, now_ms);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<int64_t>();
  }
  return OptionalInt(row, 0);
}

StoreResult<int64_t> EventStore::NewestSeq() {
  Statement row(db_, "SELECT IFNULL(MAX(seq), 0) FROM events");
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return int64_t{0};
  }
  return row.Int(0);
}

StoreStatus EventStore::SetDestination(const std::string& event_id,
                                       const std::optional<std::string>& destination_arn) {
  Statement update(db_, "UPDATE events SET destination_arn = ? WHERE id = ?");
  return update.BindOptional(1, destination_arn).Bind(2, event_id).Run();
}

StoreStatus EventStore::RecordAttempt(const std::string& event_id, const DeliveryAttempt& a) {
  Statement insert(db_,
                   "INSERT OR REPLACE INTO event_attempts (event_id, attempt, at_ms, target, "
                   "delivered, http_status, detail, delivery) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  return insert.Bind(1, event_id)
      .Bind(2, a.attempt)
      .Bind(3, a.at_ms)
      .Bind(4, a.target)
      .Bind(5, a.delivered)
      .Bind(6, a.http_status)
      .Bind(7, a.detail)
      .Bind(8, a.delivery)
      .Run();
}

StoreStatus EventStore::MarkDelivered(const std::string& event_id, int64_t attempts,
                                      int64_t now_ms) {
  Statement update(db_,
                   "UPDATE events SET delivery_state = 'delivered', attempts = ?, "
                   "next_attempt_ms = NULL, last_error = NULL, finished_ms = ? WHERE id = ?");
  return update.Bind(1, attempts).Bind(2, now_ms).Bind(3, event_id).Run();
}

StoreStatus EventStore::Requeue(const std::string& event_id, int64_t attempts, int64_t due_ms,
                                int64_t copies_owed, const std::string& delivery_kind) {
  Statement update(db_,
                   "UPDATE events SET delivery_state = 'pending', attempts = ?1, attempt_base = "
                   "?1, occurs_ms = IFNULL(occurs_ms, due_ms), due_ms = ?2, copies_owed = ?3, "
                   "delivery_kind = ?4, next_attempt_ms = "
                   "NULL, last_error = NULL, finished_ms = NULL WHERE id = ?5");
  return update.Bind(1, attempts)
      .Bind(2, due_ms)
      .Bind(3, copies_owed)
      .Bind(4, delivery_kind)
      .Bind(5, event_id)
      .Run();
}

StoreResult<ReplayResult> EventStore::Replay(const std::string& event_id, int64_t now_ms) {
  Statement row(db_, "SELECT delivery_state, attempts FROM events WHERE id = ?");
  row.Bind(1, event_id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return ReplayResult::kUnknown;
  }
  std::string state = row.Text(0);
  int64_t attempts = row.Int(1);
  if (state == "pending" || state == "retrying") return ReplayResult::kStillOpen;
  RETURN_IF_STORE_ERROR(Requeue(event_id, attempts, now_ms, 0, "replay"));
  return ReplayResult::kReplayed;
}

StoreStatus EventStore::MarkRetrying(const std::string& event_id, int64_t attempts,
                                     int64_t next_attempt_ms, const std::string& error) {
  Statement update(db_,
                   "UPDATE events SET delivery_state = 'retrying', attempts = ?, "
                   "next_attempt_ms = ?, last_error = ? WHERE id = ?");
  return update.Bind(1, attempts).Bind(2, next_attempt_ms).Bind(3, error).Bind(4, event_id).Run();
}

StoreStatus EventStore::MarkFinished(const std::string& event_id, const std::string& state,
                                     int64_t attempts, int64_t now_ms, const std::string& error) {
  Statement update(db_,
                   "UPDATE events SET delivery_state = ?, attempts = ?, next_attempt_ms = NULL, "
                   "last_error = ?, finished_ms = ? WHERE id = ?");
  return update.Bind(1, state)
      .Bind(2, attempts)
      .Bind(3, error)
      .Bind(4, now_ms)
      .Bind(5, event_id)
      .Run();
}

StoreStatus EventStore::RecordOutcomes(const std::vector<DestinationChange>& destinations,
                                       const std::vector<EventOutcome>& outcomes) {
  if (destinations.empty() && outcomes.empty()) return {};
  Transaction txn(db_);
  RETURN_IF_STORE_ERROR(txn.begin_status());
  for (const DestinationChange& change : destinations) {
    RETURN_IF_STORE_ERROR(SetDestination(change.event_id, change.destination_arn));
  }
  for (const EventOutcome& outcome : outcomes) {
    if (outcome.attempt) RETURN_IF_STORE_ERROR(RecordAttempt(outcome.event_id, *outcome.attempt));
    if (outcome.delivery_state == "pending") {
      RETURN_IF_STORE_ERROR(Requeue(outcome.event_id, outcome.attempts,
                                    outcome.next_attempt_ms.value_or(outcome.at_ms),
                                    outcome.copies_owed, outcome.delivery_kind));
    } else if (outcome.delivery_state == "delivered") {
      RETURN_IF_STORE_ERROR(MarkDelivered(outcome.event_id, outcome.attempts, outcome.at_ms));
    } else if (outcome.delivery_state == "retrying") {
      RETURN_IF_STORE_ERROR(MarkRetrying(outcome.event_id, outcome.attempts,
                                         outcome.next_attempt_ms.value_or(outcome.at_ms),
                                         outcome.error));
    } else {
      RETURN_IF_STORE_ERROR(MarkFinished(outcome.event_id, outcome.delivery_state, outcome.attempts,
                                         outcome.at_ms, outcome.error));
    }
  }
  return txn.Commit();
}

StoreResult<std::vector<EventRecord>> EventStore::List(const EventFilter& f, int64_t after_seq,
                                                       int limit) {
  return ListPage(f, "seq > ?1", "ORDER BY seq", after_seq, limit);
}

StoreResult<std::vector<EventRecord>> EventStore::ListNewestFirst(const EventFilter& f,
                                                                  int64_t before_seq, int limit) {
  return ListPage(f, "seq < ?1", "ORDER BY seq DESC", before_seq, limit);
}

StoreResult<std::vector<EventRecord>> EventStore::ListPage(const EventFilter& f,
                                                           const char* position, const char* order,
                                                           int64_t bound_seq, int limit) {
  // Absent filters bind NULL and match everything.
  Statement rows(db_, std::string(kSelect) + "WHERE " + position +
                          " AND (?2 IS NULL OR waba_id = ?2) AND "
                          "(?3 IS NULL OR phone_number_id = ?3) AND (?4 IS NULL OR wamid = ?4) "
                          "AND (?5 IS NULL OR kind = ?5) AND (?6 IS NULL OR "
                          "(?6 = 'scheduled' AND delivery_state = 'pending' AND due_ms > ?8) OR "
                          "(?6 = 'pending' AND delivery_state = 'pending' AND due_ms <= ?8) OR "
                          "(?6 NOT IN ('scheduled', 'pending') AND delivery_state = ?6)) " +
                          order + " LIMIT ?7");
  rows.Bind(1, bound_seq)
      .BindOptional(2, f.waba_id)
      .BindOptional(3, f.phone_number_id)
      .BindOptional(4, f.wamid)
      .BindOptional(5, f.kind)
      .BindOptional(6, f.delivery_state)
      .Bind(7, limit)
      .Bind(8, f.now_ms);
  return ReadAll(rows);
}

StoreResult<std::vector<DeliveryAttempt>> EventStore::Attempts(const std::string& event_id) {
  Statement rows(db_,
                 "SELECT attempt, at_ms, target, delivered, http_status, detail, delivery FROM "
                 "event_attempts WHERE event_id = ? ORDER BY attempt");
  rows.Bind(1, event_id);
  std::vector<DeliveryAttempt> out;
  while (rows.Step()) {
    out.push_back(DeliveryAttempt{rows.Int(0), rows.Int(1), rows.Text(2), rows.Int(3) != 0,
                                  rows.Int(4), rows.Text(5), rows.Text(6)});
  }
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

StoreResult<std::optional<EventRecord>> EventStore::Find(const std::string& event_id) {
  Statement row(db_, std::string(kSelect) + "WHERE id = ?");
  row.Bind(1, event_id);
  if (row.Step()) return std::optional<EventRecord>(ReadEvent(row));
  RETURN_IF_STORE_ERROR(row.status());
  return std::optional<EventRecord>();
}

StoreResult<std::vector<EventRecord>> EventStore::StatusesAfter(int64_t now_ms) {
  // An event happens no later than it is due: the open-events index bounds the scan.
  Statement rows(db_, std::string(kSelect) + "WHERE " + kOpen +
                          " AND delivery_state = 'pending' AND due_ms > ? AND kind = 'status' "
                          "AND IFNULL(occurs_ms, due_ms) > ? ORDER BY IFNULL(occurs_ms, due_ms), "
                          "seq");
  rows.Bind(1, now_ms).Bind(2, now_ms);
  return ReadAll(rows);
}

StoreResult<std::vector<EventRecord>> EventStore::StatusesOf(const std::string& wamid,
                                                             int64_t now_ms) {
  Statement rows(db_, std::string(kSelect) +
                          "WHERE wamid = ? AND kind = 'status' AND IFNULL(occurs_ms, due_ms) <= ? "
                          "ORDER BY IFNULL(occurs_ms, due_ms), seq");
  rows.Bind(1, wamid).Bind(2, now_ms);
  return ReadAll(rows);
}

StoreStatus EventStore::PruneFinished(int64_t keep) {
  auto cutoff = PruneCutoff(keep);
  if (!cutoff.ok()) return cutoff.error();
  if (!cutoff.value()) return {};
  while (true) {
    auto deleted = PruneUpTo(*cutoff.value(), 500);
    if (!deleted.ok()) return deleted.error();
    if (deleted.value() < 500) return {};
  }
}

StoreResult<std::optional<int64_t>> EventStore::PruneCutoff(int64_t keep) {
  // "+" keeps the planner walking the table from its newest row: through the state index it
  // would collect and sort every finished event first.
  Statement cutoff(db_,
                   "SELECT seq FROM events WHERE +delivery_state IN ('delivered', 'dead', "
                   "'undeliverable') ORDER BY seq DESC LIMIT 1 OFFSET ?");
  cutoff.Bind(1, keep);
  if (cutoff.Step()) return std::optional<int64_t>(cutoff.Int(0));
  RETURN_IF_STORE_ERROR(cutoff.status());
  return std::optional<int64_t>();
}

StoreResult<int64_t> EventStore::PruneUpTo(int64_t last_seq, int64_t max_rows) {
  Statement prune(db_,
                  "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq <= ? AND "
                  "+delivery_state IN ('delivered', 'dead', 'undeliverable') ORDER BY seq "
                  "LIMIT ?)");
  RETURN_IF_STORE_ERROR(prune.Bind(1, last_seq).Bind(2, max_rows).Run());
  return static_cast<int64_t>(sqlite3_changes(db_.handle()));
}

StoreStatus SettingsStore::Put(const std::string& key, const std::string& value) {
  Statement upsert(db_,
                   "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                   "ON CONFLICT (key) DO UPDATE SET value = ?2");
  return upsert.Bind(1, key).Bind(2, value).Run();
}

StoreResult<std::optional<std::string>> SettingsStore::Get(const std::string& key) {
  Statement row(db_, "SELECT value FROM settings WHERE key = ?");
  row.Bind(1, key);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<std::string>();
  }
  return std::optional<std::string>(row.Text(0));
}

}  // namespace socialite::storage
