#include "storage/dataset_store.h"

#include "storage/statement.h"

namespace socialite::storage {

StoreResult<std::optional<std::string>> DatasetStore::FindDataset(const std::string& meta_waba_id) {
  Statement row(db_, "SELECT dataset_id FROM meta_datasets WHERE meta_waba_id = ?");
  row.Bind(1, meta_waba_id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<std::string>();
  }
  return std::optional<std::string>(row.Text(0));
}

StoreResult<std::string> DatasetStore::CreateDataset(const std::string& meta_waba_id,
                                                     const std::string& dataset_id,
                                                     int64_t now_ms) {
  Statement insert(db_,
                   "INSERT INTO meta_datasets (meta_waba_id, dataset_id, created_ms) "
                   "VALUES (?, ?, ?) ON CONFLICT (meta_waba_id) DO NOTHING");
  RETURN_IF_STORE_ERROR(insert.Bind(1, meta_waba_id).Bind(2, dataset_id).Bind(3, now_ms).Run());
  auto existing = FindDataset(meta_waba_id);
  if (!existing.ok()) return existing.error();
  if (!existing.value()) return StoreError{StoreCode::kError, "dataset row vanished"};
  return *existing.value();
}

StoreStatus DatasetStore::AppendEvents(const Partition& p,
                                       const std::vector<ConversionEventRecord>& events) {
  Statement insert(db_,
                   "INSERT INTO conversion_events (account, region, waba_id, dataset_id, "
                   "request_id, event_name, event_time, event_id, ctwa_clid, event_json, "
                   "received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& e : events) {
    insert.Reset();
    RETURN_IF_STORE_ERROR(insert.Bind(1, p.account)
                              .Bind(2, p.region)
                              .Bind(3, e.waba_id)
                              .Bind(4, e.dataset_id)
                              .Bind(5, e.request_id)
                              .Bind(6, e.event_name)
                              .Bind(7, e.event_time)
                              .BindOptional(8, e.event_id)
                              .BindOptional(9, e.ctwa_clid)
                              .Bind(10, e.event_json)
                              .Bind(11, e.received_ms)
                              .Run());
  }
  return {};
}

StoreResult<std::vector<std::pair<Partition, ConversionEventRecord>>> DatasetStore::ListEvents(
    const std::string& waba_id, int64_t after_seq, int limit) {
  Statement rows(db_,
                 "SELECT waba_id, dataset_id, request_id, event_name, event_time, event_id, "
                 "ctwa_clid, event_json, received_ms, seq, account, region FROM conversion_events "
                 "WHERE (?1 = '' OR waba_id = ?1) AND seq > ?2 ORDER BY seq LIMIT ?3");
  rows.Bind(1, waba_id).Bind(2, after_seq).Bind(3, limit);
  std::vector<std::pair<Partition, ConversionEventRecord>> out;
  while (rows.Step()) {
    ConversionEventRecord e;
    e.waba_id = rows.Text(0);
    e.dataset_id = rows.Text(1);
    e.request_id = rows.Text(2);
    e.event_name = rows.Text(3);
    e.event_time = rows.Int(4);
    e.event_id = rows.OptionalText(5);
    e.ctwa_clid = rows.OptionalText(6);
    e.event_json = rows.Text(7);
    e.received_ms = rows.Int(8);
    e.seq = rows.Int(9);
    out.emplace_back(Partition{rows.Text(10), rows.Text(11)}, std::move(e));
  }
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

}  // namespace socialite::storage
