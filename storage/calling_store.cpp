#include "storage/calling_store.h"

#include "storage/statement.h"

namespace socialite::storage {
namespace {

constexpr const char* kCallColumns =
    "call_id, phone_number_id, waba_id, user, direction, state, biz_opaque_callback_data, "
    "created_ms, accepted_ms, ended_ms, account, region";

CallRecord ReadCall(const Statement& row) {
  CallRecord c;
  c.call_id = row.Text(0);
  c.phone_number_id = row.Text(1);
  c.waba_id = row.Text(2);
  c.user = row.Text(3);
  c.direction = row.Text(4);
  c.state = row.Text(5);
  c.biz_opaque_callback_data = row.OptionalText(6);
  c.created_ms = row.Int(7);
  if (!row.IsNull(8)) c.accepted_ms = row.Int(8);
  if (!row.IsNull(9)) c.ended_ms = row.Int(9);
  return c;
}

Statement& BindOptionalInt(Statement& st, int index, const std::optional<int64_t>& value) {
  return value ? st.Bind(index, *value) : st.BindNull(index);
}

StoreResult<std::vector<int64_t>> Times(Statement& rows) {
  std::vector<int64_t> out;
  while (rows.Step()) out.push_back(rows.Int(0));
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

}  // namespace

StoreStatus CallingStore::PutPublicKey(const Partition& p, const BusinessPublicKeyRecord& key) {
  Statement upsert(db_,
                   "INSERT INTO business_public_keys (account, region, phone_number_id, "
                   "public_key_pem, kms_key_arn, signature_status, updated_ms) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                   "ON CONFLICT (account, region, phone_number_id) DO UPDATE SET "
                   "public_key_pem = ?4, kms_key_arn = ?5, signature_status = ?6, updated_ms = ?7");
  return upsert.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, key.phone_number_id)
      .Bind(4, key.public_key_pem)
      .BindOptional(5, key.kms_key_arn)
      .Bind(6, key.signature_status)
      .Bind(7, key.updated_ms)
      .Run();
}

StoreResult<std::optional<BusinessPublicKeyRecord>> CallingStore::FindPublicKey(
    const Partition& p, const std::string& phone_number_id) {
  Statement row(db_,
                "SELECT public_key_pem, kms_key_arn, signature_status, updated_ms FROM "
                "business_public_keys WHERE account = ? AND region = ? AND phone_number_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, phone_number_id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<BusinessPublicKeyRecord>();
  }
  return std::optional<BusinessPublicKeyRecord>(BusinessPublicKeyRecord{
      phone_number_id, row.Text(0), row.OptionalText(1), row.Text(2), row.Int(3)});
}

StoreStatus CallingStore::PutCallSettings(const Partition& p, const std::string& phone_number_id,
                                          const std::string& settings_json, int64_t now_ms) {
  Statement upsert(db_,
                   "INSERT INTO call_settings (account, region, phone_number_id, settings_json, "
                   "updated_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
                   "ON CONFLICT (account, region, phone_number_id) DO UPDATE SET "
                   "settings_json = ?4, updated_ms = ?5");
  return upsert.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, phone_number_id)
      .Bind(4, settings_json)
      .Bind(5, now_ms)
      .Run();
}

StoreResult<std::optional<std::string>> CallingStore::FindCallSettings(
    const Partition& p, const std::string& phone_number_id) {
  Statement row(db_,
                "SELECT settings_json FROM call_settings WHERE account = ? AND region = ? AND "
                "phone_number_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, phone_number_id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<std::string>();
  }
  return std::optional<std::string>(row.Text(0));
}

StoreStatus CallingStore::PutPermission(const Partition& p, const CallPermissionRecord& perm) {
  Statement upsert(db_,
                   "INSERT INTO call_permissions (account, region, phone_number_id, user, status, "
                   "expires_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                   "ON CONFLICT (account, region, phone_number_id, user) DO UPDATE SET "
                   "status = ?5, expires_ms = ?6, updated_ms = ?7");
  upsert.Bind(1, p.account).Bind(2, p.region).Bind(3, perm.phone_number_id).Bind(4, perm.user);
  upsert.Bind(5, perm.status);
  BindOptionalInt(upsert, 6, perm.expires_ms);
  return upsert.Bind(7, perm.updated_ms).Run();
}

StoreResult<std::optional<CallPermissionRecord>> CallingStore::FindPermission(
    const Partition& p, const std::string& phone_number_id, const std::string& user) {
  Statement row(db_,
                "SELECT status, expires_ms, updated_ms FROM call_permissions WHERE account = ? "
                "AND region = ? AND phone_number_id = ? AND user = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, phone_number_id).Bind(4, user);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<CallPermissionRecord>();
  }
  CallPermissionRecord perm{phone_number_id, user, row.Text(0), std::nullopt, row.Int(2)};
  if (!row.IsNull(1)) perm.expires_ms = row.Int(1);
  return std::optional<CallPermissionRecord>(std::move(perm));
}

StoreStatus CallingStore::InsertCall(const Partition& p, const CallRecord& c) {
  Statement insert(db_,
                   "INSERT INTO calls (account, region, call_id, phone_number_id, waba_id, user, "
                   "direction, state, biz_opaque_callback_data, created_ms, accepted_ms, "
                   "ended_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, p.account).Bind(2, p.region).Bind(3, c.call_id).Bind(4, c.phone_number_id);
  insert.Bind(5, c.waba_id).Bind(6, c.user).Bind(7, c.direction).Bind(8, c.state);
  insert.BindOptional(9, c.biz_opaque_callback_data).Bind(10, c.created_ms);
  BindOptionalInt(insert, 11, c.accepted_ms);
  BindOptionalInt(insert, 12, c.ended_ms);
  return insert.Run();
}

StoreStatus CallingStore::UpdateCall(const Partition& p, const CallRecord& c) {
  Statement update(db_,
                   "UPDATE calls SET state = ?, accepted_ms = ?, ended_ms = ? "
                   "WHERE account = ? AND region = ? AND call_id = ?");
  update.Bind(1, c.state);
  BindOptionalInt(update, 2, c.accepted_ms);
  BindOptionalInt(update, 3, c.ended_ms);
  return update.Bind(4, p.account).Bind(5, p.region).Bind(6, c.call_id).Run();
}

StoreResult<std::optional<CallRecord>> CallingStore::FindCall(const Partition& p,
                                                              const std::string& call_id) {
  Statement row(db_, std::string("SELECT ") + kCallColumns +
                         " FROM calls WHERE account = ? AND region = ? AND call_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, call_id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<CallRecord>();
  }
  return std::optional<CallRecord>(ReadCall(row));
}

StoreResult<std::optional<std::pair<Partition, CallRecord>>> CallingStore::FindCallAnywhere(
    const std::string& call_id) {
  Statement row(db_, std::string("SELECT ") + kCallColumns + " FROM calls WHERE call_id = ?");
  row.Bind(1, call_id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<std::pair<Partition, CallRecord>>();
  }
  return std::optional<std::pair<Partition, CallRecord>>(
      std::make_pair(Partition{row.Text(10), row.Text(11)}, ReadCall(row)));
}

StoreResult<std::optional<CallRecord>> CallingStore::FindOpenCall(
    const Partition& p, const std::string& phone_number_id, const std::string& user) {
  Statement row(db_, std::string("SELECT ") + kCallColumns +
                         " FROM calls WHERE account = ? AND region = ? AND phone_number_id = ? "
                         "AND user = ? AND ended_ms IS NULL ORDER BY created_ms DESC LIMIT 1");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, phone_number_id).Bind(4, user);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<CallRecord>();
  }
  return std::optional<CallRecord>(ReadCall(row));
}

StoreResult<std::vector<int64_t>> CallingStore::PermissionRequestTimes(
    const Partition& p, const std::string& phone_number_id, const std::string& user,
    int64_t since_ms) {
  Statement rows(db_,
                 "SELECT created_ms FROM messages WHERE account = ? AND region = ? AND "
                 "phone_number_id = ? AND wa_id = ? AND direction = 'outbound' AND "
                 "type = 'interactive' AND created_ms > ? AND "
                 "json_extract(body_json, '$.interactive.type') = 'call_permission_request' "
                 "ORDER BY created_ms");
  rows.Bind(1, p.account).Bind(2, p.region).Bind(3, phone_number_id).Bind(4, user);
  rows.Bind(5, since_ms);
  return Times(rows);
}

StoreResult<std::vector<int64_t>> CallingStore::BusinessCallTimes(
    const Partition& p, const std::string& phone_number_id, const std::string& user,
    int64_t since_ms) {
  Statement rows(db_,
                 "SELECT created_ms FROM calls WHERE account = ? AND region = ? AND "
                 "phone_number_id = ? AND user = ? AND direction = 'BUSINESS_INITIATED' AND "
                 "created_ms > ? ORDER BY created_ms");
  rows.Bind(1, p.account).Bind(2, p.region).Bind(3, phone_number_id).Bind(4, user);
  rows.Bind(5, since_ms);
  return Times(rows);
}

}  // namespace socialite::storage
