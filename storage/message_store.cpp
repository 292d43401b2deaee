#include "storage/message_store.h"

#include <array>

#include "storage/statement.h"

namespace socialite::storage {
namespace {

// The columns ReadMessage reads, in its order.
constexpr std::array<const char*, 18> kMessageColumns = {
    "wamid",    "phone_number_id",  "waba_id",           "direction",  "wa_id",
    "type",     "template_name",    "template_language", "body_json",  "biz_opaque_callback_data",
    "reply_to", "outcome_code",     "outcome_details",   "created_ms", "read_ms",
    "seq",      "meta_api_version", "customer_name"};

// "p.wamid, p.phone_number_id, ..." for the table alias `prefix` ("" for none).
std::string MessageColumns(const std::string& prefix) {
  std::string columns;
  for (const char* name : kMessageColumns) {
    if (!columns.empty()) columns += ", ";
    columns += prefix + name;
  }
  return columns;
}

// A message (without statuses) from kMessageColumns starting at column `first`.
MessageRecord ReadMessage(const Statement& row, int first) {
  MessageRecord m;
  m.wamid = row.Text(first);
  m.phone_number_id = row.Text(first + 1);
  m.waba_id = row.Text(first + 2);
  m.direction = row.Text(first + 3);
  m.wa_id = row.Text(first + 4);
  m.type = row.Text(first + 5);
  m.template_name = row.OptionalText(first + 6);
  m.template_language = row.OptionalText(first + 7);
  m.body_json = row.Text(first + 8);
  m.biz_opaque_callback_data = row.OptionalText(first + 9);
  m.reply_to = row.OptionalText(first + 10);
  if (!row.IsNull(first + 11)) m.outcome_code = row.Int(first + 11);
  m.outcome_details = row.OptionalText(first + 12);
  m.created_ms = row.Int(first + 13);
  if (!row.IsNull(first + 14)) m.read_ms = row.Int(first + 14);
  m.seq = row.Int(first + 15);
  m.meta_api_version = row.OptionalText(first + 16);
  m.customer_name = row.OptionalText(first + 17);
  return m;
}

// "WHERE <position> AND <each given filter>": only given filters, so SQLite can walk
// messages_by_thread when a number (and customer) is named.
std::string ListWhere(const char* position, const std::optional<std::string>& phone_number_id,
                      const std::optional<std::string>& direction,
                      const std::optional<std::string>& wa_id) {
  std::string where = std::string(" WHERE ") + position;
  if (phone_number_id) where += " AND phone_number_id = ?3";
  if (direction) where += " AND direction = ?4";
  if (wa_id) where += " AND wa_id = ?5";
  return where;
}

}  // namespace

StoreStatus MessageStore::Insert(const Partition& p, const MessageRecord& m) {
  Statement insert(
      db_,
      "INSERT INTO messages (account, region, wamid, phone_number_id, waba_id, "
      "direction, wa_id, type, template_name, template_language, body_json, "
      "biz_opaque_callback_data, reply_to, outcome_code, outcome_details, "
      "created_ms, read_ms, meta_api_version, customer_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)");
  insert.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, m.wamid)
      .Bind(4, m.phone_number_id)
      .Bind(5, m.waba_id)
      .Bind(6, m.direction)
      .Bind(7, m.wa_id)
      .Bind(8, m.type)
      .BindOptional(9, m.template_name)
      .BindOptional(10, m.template_language)
      .Bind(11, m.body_json)
      .BindOptional(12, m.biz_opaque_callback_data)
      .BindOptional(13, m.reply_to);
  if (m.outcome_code) {
    insert.Bind(14, *m.outcome_code);
  } else {
    insert.BindNull(14);
  }
  insert.BindOptional(15, m.outcome_details)
      .Bind(16, m.created_ms)
      .BindOptional(17, m.meta_api_version)
      .BindOptional(18, m.customer_name);
  RETURN_IF_STORE_ERROR(insert.Run());
  for (const auto& status : m.statuses) RETURN_IF_STORE_ERROR(AddStatus(m.wamid, status));
  return {};
}

StoreStatus MessageStore::AddStatus(const std::string& wamid, const StatusRecord& s) {
  Statement insert(db_,
                   "INSERT INTO message_statuses (wamid, status, at_ms, error_code) "
                   "VALUES (?, ?, ?, ?)");
  insert.Bind(1, wamid).Bind(2, s.status).Bind(3, s.at_ms);
  if (s.error_code) {
    insert.Bind(4, *s.error_code);
  } else {
    insert.BindNull(4);
  }
  return insert.Run();
}

StoreStatus MessageStore::MarkRead(const std::string& wamid, int64_t at_ms) {
  Statement update(db_, "UPDATE messages SET read_ms = ? WHERE wamid = ? AND read_ms IS NULL");
  return update.Bind(1, at_ms).Bind(2, wamid).Run();
}

StoreResult<std::optional<MessageRecord>> MessageStore::Find(const Partition& p,
                                                             const std::string& wamid) {
  Statement row(db_, "SELECT " + MessageColumns("") +
                         " FROM messages WHERE account = ? AND region = ? AND wamid = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, wamid);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<MessageRecord>();
  }
  MessageRecord m = ReadMessage(row, 0);
  if (m.direction == "outbound") m.statuses.push_back({"accepted", m.created_ms, std::nullopt});

  Statement statuses(db_,
                     "SELECT status, at_ms, error_code FROM message_statuses WHERE wamid = ? "
                     "ORDER BY seq");
  statuses.Bind(1, wamid);
  while (statuses.Step()) {
    StatusRecord s{statuses.Text(0), statuses.Int(1), std::nullopt};
    if (!statuses.IsNull(2)) s.error_code = statuses.Int(2);
    m.statuses.push_back(std::move(s));
  }
  RETURN_IF_STORE_ERROR(statuses.status());
  return std::optional<MessageRecord>(std::move(m));
}

StoreResult<std::optional<std::pair<Partition, MessageRecord>>> MessageStore::FindAnywhere(
    const std::string& wamid) {
  Statement row(db_, "SELECT account, region FROM messages WHERE wamid = ?");
  row.Bind(1, wamid);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<std::pair<Partition, MessageRecord>>();
  }
  Partition p{row.Text(0), row.Text(1)};
  auto found = Find(p, wamid);
  if (!found.ok()) return found.error();
  if (!found.value()) return std::optional<std::pair<Partition, MessageRecord>>();
  return std::optional<std::pair<Partition, MessageRecord>>(std::make_pair(p, *found.value()));
}

StoreResult<std::vector<std::pair<Partition, MessageRecord>>> MessageStore::List(
    const std::optional<std::string>& phone_number_id, const std::optional<std::string>& direction,
    const std::optional<std::string>& wa_id, int64_t after_seq, int limit) {
  return ListPage("seq > ?1", "ORDER BY seq", phone_number_id, direction, wa_id, after_seq, limit);
}

StoreResult<std::vector<std::pair<Partition, MessageRecord>>> MessageStore::ListNewestFirst(
    const std::optional<std::string>& phone_number_id, const std::optional<std::string>& direction,
    const std::optional<std::string>& wa_id, int64_t before_seq, int limit) {
  return ListPage("seq < ?1", "ORDER BY seq DESC", phone_number_id, direction, wa_id, before_seq,
                  limit);
}

StoreResult<std::vector<std::pair<Partition, MessageRecord>>> MessageStore::ListPage(
    const char* position, const char* order, const std::optional<std::string>& phone_number_id,
    const std::optional<std::string>& direction, const std::optional<std::string>& wa_id,
    int64_t bound_seq, int limit) {
  Statement rows(db_, "SELECT account, region, wamid FROM messages" +
                          ListWhere(position, phone_number_id, direction, wa_id) + " " + order +
                          " LIMIT ?2");
  rows.Bind(1, bound_seq).Bind(2, limit);
  if (phone_number_id) rows.Bind(3, *phone_number_id);
  if (direction) rows.Bind(4, *direction);
  if (wa_id) rows.Bind(5, *wa_id);
  std::vector<std::pair<Partition, std::string>> keys;
  while (rows.Step()) keys.emplace_back(Partition{rows.Text(0), rows.Text(1)}, rows.Text(2));
  RETURN_IF_STORE_ERROR(rows.status());
  std::vector<std::pair<Partition, MessageRecord>> out;
  for (const auto& [p, wamid] : keys) {
    auto found = Find(p, wamid);
    if (!found.ok()) return found.error();
    if (found.value()) out.emplace_back(p, *found.value());
  }
  return out;
}

StoreResult<std::vector<ThreadSummary>> MessageStore::ListThreads(
    const std::optional<std::string>& phone_number_id, int limit) {
  // One pass over messages_by_thread groups the threads; each newest message is one lookup by
  // seq and each name one backwards seek in the thread, so nothing scales with messages twice.
  Statement rows(
      db_, std::string("SELECT m.account, m.region, t.n, w.last_inbound_ms, (SELECT "
                       "i.customer_name FROM messages i WHERE i.phone_number_id = "
                       "t.phone_number_id AND i.wa_id = t.wa_id AND i.customer_name IS NOT NULL "
                       "ORDER BY i.seq DESC LIMIT 1), ") +
               MessageColumns("m.") +
               " FROM (SELECT phone_number_id, wa_id, COUNT(*) AS n, MAX(seq) AS last_seq "
               "FROM messages" +
               (phone_number_id ? " WHERE phone_number_id = ?2" : "") +
               " GROUP BY phone_number_id, wa_id) t JOIN messages m ON m.seq = t.last_seq "
               "LEFT JOIN service_windows w ON w.account = m.account AND w.region = m.region "
               "AND w.phone_number_id = m.phone_number_id AND w.wa_id = m.wa_id "
               "ORDER BY m.created_ms DESC, m.seq DESC LIMIT ?1");
  rows.Bind(1, limit);
  if (phone_number_id) rows.Bind(2, *phone_number_id);
  std::vector<ThreadSummary> out;
  while (rows.Step()) {
    ThreadSummary thread;
    thread.partition = Partition{rows.Text(0), rows.Text(1)};
    thread.message_count = rows.Int(2);
    if (!rows.IsNull(3)) thread.last_inbound_ms = rows.Int(3);
    thread.customer_name = rows.OptionalText(4);
    thread.last = ReadMessage(rows, 5);
    out.push_back(std::move(thread));
  }
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

StoreStatus MessageStore::TouchWindow(const Partition& p, const std::string& phone_number_id,
                                      const std::string& wa_id, int64_t at_ms) {
  Statement upsert(
      db_,
      "INSERT INTO service_windows (account, region, phone_number_id, wa_id, "
      "last_inbound_ms) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (account, region, "
      "phone_number_id, wa_id) DO UPDATE SET last_inbound_ms = MAX(last_inbound_ms, ?5)");
  return upsert.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, phone_number_id)
      .Bind(4, wa_id)
      .Bind(5, at_ms)
      .Run();
}

StoreResult<std::optional<int64_t>> MessageStore::LastInbound(const Partition& p,
                                                              const std::string& phone_number_id,
                                                              const std::string& wa_id) {
  Statement row(db_,
                "SELECT last_inbound_ms FROM service_windows WHERE account = ? AND region = ? AND "
                "phone_number_id = ? AND wa_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, phone_number_id).Bind(4, wa_id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(row.Int(0));
}

// Meta's rate limits count the messages that were not themselves refused by one.
constexpr const char* kNotRateLimited =
    "(outcome_code IS NULL OR outcome_code NOT IN (130429, 131056))";

StoreResult<int64_t> MessageStore::CountSince(const Partition& p,
                                              const std::string& phone_number_id, int64_t since_ms,
                                              int64_t at_most) {
  // A range of messages_by_phone_time, cut short at `at_most`.
  Statement row(db_, std::string("SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE account = "
                                 "?1 AND region = ?2 AND phone_number_id = ?3 AND created_ms > "
                                 "?5 AND ") +
                         kNotRateLimited + " LIMIT ?4)");
  row.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, phone_number_id)
      .Bind(4, at_most)
      .Bind(5, since_ms);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return int64_t{0};
  }
  return row.Int(0);
}

StoreResult<bool> MessageStore::SentToSince(const Partition& p, const std::string& phone_number_id,
                                            const std::string& wa_id, int64_t since_ms) {
  // A range of messages_by_phone_time: the number's messages of the last few seconds.
  Statement row(db_, std::string("SELECT 1 FROM messages WHERE account = ? AND region = ? AND "
                                 "phone_number_id = ? AND created_ms > ? AND wa_id = ? AND "
                                 "direction = 'outbound' AND ") +
                         kNotRateLimited + " LIMIT 1");
  row.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, phone_number_id)
      .Bind(4, since_ms)
      .Bind(5, wa_id);
  if (row.Step()) return true;
  RETURN_IF_STORE_ERROR(row.status());
  return false;
}

}  // namespace socialite::storage
