#include "storage/message_store.h"

#include "storage/statement.h"

namespace socialite::storage {

StoreStatus MessageStore::Insert(const Partition& p, const MessageRecord& m) {
  Statement insert(
      db_,
      "INSERT INTO messages (account, region, wamid, phone_number_id, waba_id, "
      "direction, wa_id, type, template_name, template_language, body_json, "
      "biz_opaque_callback_data, reply_to, outcome_code, outcome_details, "
      "created_ms, read_ms, meta_api_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, NULL, ?)");
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
      .BindOptional(17, m.meta_api_version);
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
  Statement row(db_,
                "SELECT phone_number_id, waba_id, direction, wa_id, type, template_name, "
                "template_language, body_json, biz_opaque_callback_data, reply_to, outcome_code, "
                "outcome_details, created_ms, read_ms, seq, meta_api_version FROM messages "
                "WHERE account = ? AND region = ? AND wamid = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, wamid);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<MessageRecord>();
  }
  MessageRecord m;
  m.wamid = wamid;
  m.phone_number_id = row.Text(0);
  m.waba_id = row.Text(1);
  m.direction = row.Text(2);
  m.wa_id = row.Text(3);
  m.type = row.Text(4);
  m.template_name = row.OptionalText(5);
  m.template_language = row.OptionalText(6);
  m.body_json = row.Text(7);
  m.biz_opaque_callback_data = row.OptionalText(8);
  m.reply_to = row.OptionalText(9);
  if (!row.IsNull(10)) m.outcome_code = row.Int(10);
  m.outcome_details = row.OptionalText(11);
  m.created_ms = row.Int(12);
  if (!row.IsNull(13)) m.read_ms = row.Int(13);
  m.seq = row.Int(14);
  m.meta_api_version = row.OptionalText(15);

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
  Statement rows(db_,
                 "SELECT account, region, wamid FROM messages WHERE seq > ?1 AND "
                 "(?2 IS NULL OR phone_number_id = ?2) AND (?3 IS NULL OR direction = ?3) AND "
                 "(?4 IS NULL OR wa_id = ?4) ORDER BY seq LIMIT ?5");
  rows.Bind(1, after_seq)
      .BindOptional(2, phone_number_id)
      .BindOptional(3, direction)
      .BindOptional(4, wa_id)
      .Bind(5, limit);
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
