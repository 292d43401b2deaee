#include "storage/flow_store.h"

#include "storage/statement.h"

namespace socialite::storage {
namespace {

// Columns of a full read; listings put NULL in place of the (up to 10 MB) flow_json.
constexpr const char* kColumns =
    "waba_id, flow_id, name, categories, status, validation_errors, json_version, "
    "data_api_version, uses_data_exchange, endpoint_uri, meta_app_id, preview_token, "
    "preview_expires_ms, asset_token, created_ms, updated_ms, seq, account, region, ";
constexpr const char* kSelectFull = "flow_json FROM flows ";
constexpr const char* kSelectListing = "NULL FROM flows ";
constexpr int kPartitionColumn = 17;
constexpr int kFlowJsonColumn = 19;

// Lists of strings travel in one column as "<length>:<text>" pieces, so that any text (JSON
// with commas and newlines included) round-trips.
std::string EncodeList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += std::to_string(item.size()) + ":" + item;
  return out;
}

std::vector<std::string> DecodeList(const std::string& text) {
  std::vector<std::string> items;
  size_t at = 0;
  while (at < text.size()) {
    size_t colon = text.find(':', at);
    if (colon == std::string::npos) break;
    size_t length = std::stoull(text.substr(at, colon - at));
    if (colon + 1 + length > text.size()) break;
    items.push_back(text.substr(colon + 1, length));
    at = colon + 1 + length;
  }
  return items;
}

FlowRecord ReadFlow(const Statement& row) {
  FlowRecord f;
  f.waba_id = row.Text(0);
  f.flow_id = row.Text(1);
  f.name = row.Text(2);
  f.categories = DecodeList(row.Text(3));
  f.status = row.Text(4);
  f.validation_errors = DecodeList(row.Text(5));
  f.json_version = row.OptionalText(6);
  f.data_api_version = row.OptionalText(7);
  f.uses_data_exchange = row.Int(8) != 0;
  f.endpoint_uri = row.OptionalText(9);
  f.meta_app_id = row.OptionalText(10);
  f.preview_token = row.OptionalText(11);
  f.preview_expires_ms = row.Int(12);
  f.asset_token = row.OptionalText(13);
  f.created_ms = row.Int(14);
  f.updated_ms = row.Int(15);
  f.seq = row.Int(16);
  f.flow_json = row.OptionalText(kFlowJsonColumn);
  return f;
}

StoreResult<std::optional<FlowRecord>> ReadOne(Statement& row) {
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<FlowRecord>();
  }
  return std::optional<FlowRecord>(ReadFlow(row));
}

StoreResult<std::optional<std::pair<Partition, FlowRecord>>> ReadOneWithPartition(Statement& row) {
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<std::pair<Partition, FlowRecord>>();
  }
  return std::optional<std::pair<Partition, FlowRecord>>(std::make_pair(
      Partition{row.Text(kPartitionColumn), row.Text(kPartitionColumn + 1)}, ReadFlow(row)));
}

std::string Select(const char* tail) { return std::string("SELECT ") + kColumns + tail; }

}  // namespace

StoreStatus FlowStore::Insert(const Partition& p, const FlowRecord& f) {
  Statement insert(db_,
                   "INSERT INTO flows (account, region, waba_id, flow_id, name, categories, "
                   "status, flow_json, validation_errors, json_version, data_api_version, "
                   "uses_data_exchange, endpoint_uri, meta_app_id, preview_token, "
                   "preview_expires_ms, asset_token, created_ms, updated_ms) VALUES (?, ?, ?, ?, "
                   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, f.waba_id)
      .Bind(4, f.flow_id)
      .Bind(5, f.name)
      .Bind(6, EncodeList(f.categories))
      .Bind(7, f.status)
      .BindOptional(8, f.flow_json)
      .Bind(9, EncodeList(f.validation_errors))
      .BindOptional(10, f.json_version)
      .BindOptional(11, f.data_api_version)
      .Bind(12, f.uses_data_exchange)
      .BindOptional(13, f.endpoint_uri)
      .BindOptional(14, f.meta_app_id)
      .BindOptional(15, f.preview_token)
      .Bind(16, f.preview_expires_ms)
      .BindOptional(17, f.asset_token)
      .Bind(18, f.created_ms)
      .Bind(19, f.updated_ms);
  return insert.Run();
}

StoreStatus FlowStore::Update(const Partition& p, const FlowRecord& f) {
  Statement update(db_,
                   "UPDATE flows SET name = ?, categories = ?, status = ?, flow_json = ?, "
                   "validation_errors = ?, json_version = ?, data_api_version = ?, "
                   "uses_data_exchange = ?, endpoint_uri = ?, meta_app_id = ?, "
                   "preview_token = ?, preview_expires_ms = ?, asset_token = ?, updated_ms = ? "
                   "WHERE account = ? AND region = ? AND flow_id = ?");
  update.Bind(1, f.name)
      .Bind(2, EncodeList(f.categories))
      .Bind(3, f.status)
      .BindOptional(4, f.flow_json)
      .Bind(5, EncodeList(f.validation_errors))
      .BindOptional(6, f.json_version)
      .BindOptional(7, f.data_api_version)
      .Bind(8, f.uses_data_exchange)
      .BindOptional(9, f.endpoint_uri)
      .BindOptional(10, f.meta_app_id)
      .BindOptional(11, f.preview_token)
      .Bind(12, f.preview_expires_ms)
      .BindOptional(13, f.asset_token)
      .Bind(14, f.updated_ms)
      .Bind(15, p.account)
      .Bind(16, p.region)
      .Bind(17, f.flow_id);
  return update.Run();
}

StoreStatus FlowStore::Delete(const Partition& p, const std::string& flow_id) {
  Statement remove(db_, "DELETE FROM flows WHERE account = ? AND region = ? AND flow_id = ?");
  return remove.Bind(1, p.account).Bind(2, p.region).Bind(3, flow_id).Run();
}

StoreResult<std::optional<FlowRecord>> FlowStore::FindById(const Partition& p,
                                                           const std::string& waba_id,
                                                           const std::string& flow_id) {
  Statement row(db_, Select(kSelectFull) +
                         "WHERE account = ? AND region = ? AND waba_id = ? AND flow_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id).Bind(4, flow_id);
  return ReadOne(row);
}

StoreResult<std::optional<FlowRecord>> FlowStore::FindByName(const Partition& p,
                                                             const std::string& waba_id,
                                                             const std::string& name) {
  Statement row(
      db_, Select(kSelectFull) + "WHERE account = ? AND region = ? AND waba_id = ? AND name = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id).Bind(4, name);
  return ReadOne(row);
}

StoreResult<std::vector<FlowRecord>> FlowStore::ListAfter(const Partition& p,
                                                          const std::string& waba_id,
                                                          int64_t after_seq, int limit) {
  Statement rows(db_, Select(kSelectListing) +
                          "WHERE account = ? AND region = ? AND waba_id = ? AND seq > ? "
                          "ORDER BY seq LIMIT ?");
  rows.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id).Bind(4, after_seq).Bind(5, limit);
  std::vector<FlowRecord> out;
  while (rows.Step()) out.push_back(ReadFlow(rows));
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

StoreResult<int64_t> FlowStore::Count(const Partition& p, const std::string& waba_id) {
  Statement row(db_, "SELECT COUNT(*) FROM flows WHERE account = ? AND region = ? AND waba_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id);
  return row.SingleInt();
}

StoreResult<std::optional<std::pair<Partition, FlowRecord>>> FlowStore::FindAnywhere(
    const std::string& flow_id) {
  Statement row(db_, Select(kSelectFull) + "WHERE flow_id = ?");
  row.Bind(1, flow_id);
  return ReadOneWithPartition(row);
}

StoreResult<std::optional<std::pair<Partition, FlowRecord>>> FlowStore::FindByPreviewToken(
    const std::string& token) {
  Statement row(db_, Select(kSelectFull) + "WHERE preview_token = ?");
  row.Bind(1, token);
  return ReadOneWithPartition(row);
}

StoreResult<std::optional<std::pair<Partition, FlowRecord>>> FlowStore::FindByAssetToken(
    const std::string& token) {
  Statement row(db_, Select(kSelectFull) + "WHERE asset_token = ?");
  row.Bind(1, token);
  return ReadOneWithPartition(row);
}

}  // namespace socialite::storage
