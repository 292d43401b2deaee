#include "storage/waba_store.h"

#include "storage/statement.h"

namespace socialite::storage {
namespace {

constexpr const char* kColumns =
    "id, meta_waba_id, name, registration_status, link_date_ms, enable_sending, "
    "enable_receiving, seq, "
    "(SELECT dataset_id FROM meta_datasets d WHERE d.meta_waba_id = wabas.meta_waba_id)";

WabaRecord ReadWaba(const Statement& row) {
  WabaRecord w;
  w.id = row.Text(0);
  w.meta_waba_id = row.Text(1);
  w.name = row.Text(2);
  w.registration_status = row.Text(3);
  w.link_date_ms = row.Int(4);
  w.enable_sending = row.Int(5) != 0;
  w.enable_receiving = row.Int(6) != 0;
  w.seq = row.Int(7);
  w.dataset_id = row.OptionalText(8);
  return w;
}

}  // namespace

StoreStatus WabaStore::Insert(const Partition& p, const WabaRecord& w) {
  Statement insert(db_,
                   "INSERT INTO wabas (account, region, id, meta_waba_id, name, "
                   "registration_status, link_date_ms, enable_sending, enable_receiving) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  RETURN_IF_STORE_ERROR(insert.Bind(1, p.account)
                            .Bind(2, p.region)
                            .Bind(3, w.id)
                            .Bind(4, w.meta_waba_id)
                            .Bind(5, w.name)
                            .Bind(6, w.registration_status)
                            .Bind(7, w.link_date_ms)
                            .Bind(8, w.enable_sending)
                            .Bind(9, w.enable_receiving)
                            .Run());
  return ReplaceEventDestinations(p, w.id, w.event_destinations);
}

StoreStatus WabaStore::LoadDestinations(const Partition& p, WabaRecord& waba) {
  Statement rows(db_,
                 "SELECT event_destination_arn, role_arn FROM waba_event_destinations "
                 "WHERE account = ? AND region = ? AND waba_id = ? ORDER BY position");
  rows.Bind(1, p.account).Bind(2, p.region).Bind(3, waba.id);
  while (rows.Step()) {
    waba.event_destinations.push_back(EventDestination{rows.Text(0), rows.OptionalText(1)});
  }
  return rows.status();
}

StoreResult<std::optional<WabaRecord>> WabaStore::Find(const Partition& p, const std::string& id) {
  Statement row(db_, std::string("SELECT ") + kColumns +
                         " FROM wabas WHERE account = ? AND region = ? AND id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<WabaRecord>();
  }
  WabaRecord waba = ReadWaba(row);
  RETURN_IF_STORE_ERROR(LoadDestinations(p, waba));
  return std::optional<WabaRecord>(std::move(waba));
}

StoreResult<std::optional<WabaRecord>> WabaStore::FindByMetaId(const Partition& p,
                                                               const std::string& meta_waba_id) {
  Statement row(db_, "SELECT id FROM wabas WHERE account = ? AND region = ? AND meta_waba_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, meta_waba_id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<WabaRecord>();
  }
  return Find(p, row.Text(0));
}

StoreResult<std::vector<WabaRecord>> WabaStore::ListAfter(const Partition& p, int64_t after_seq,
                                                          int limit) {
  Statement rows(db_, std::string("SELECT ") + kColumns +
                          " FROM wabas WHERE account = ? AND region = ? AND seq > ? "
                          "ORDER BY seq LIMIT ?");
  rows.Bind(1, p.account).Bind(2, p.region).Bind(3, after_seq).Bind(4, limit);
  std::vector<WabaRecord> out;
  while (rows.Step()) out.push_back(ReadWaba(rows));
  RETURN_IF_STORE_ERROR(rows.status());
  for (auto& waba : out) RETURN_IF_STORE_ERROR(LoadDestinations(p, waba));
  return out;
}

StoreResult<std::vector<Partition>> WabaStore::Partitions() {
  Statement rows(db_, "SELECT DISTINCT account, region FROM wabas ORDER BY account, region");
  std::vector<Partition> out;
  while (rows.Step()) out.push_back(Partition{rows.Text(0), rows.Text(1)});
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

StoreStatus WabaStore::ReplaceEventDestinations(const Partition& p, const std::string& id,
                                                const std::vector<EventDestination>& destinations) {
  Statement clear(db_,
                  "DELETE FROM waba_event_destinations WHERE account = ? AND region = ? AND "
                  "waba_id = ?");
  RETURN_IF_STORE_ERROR(clear.Bind(1, p.account).Bind(2, p.region).Bind(3, id).Run());
  Statement insert(db_,
                   "INSERT INTO waba_event_destinations (account, region, waba_id, position, "
                   "event_destination_arn, role_arn) VALUES (?, ?, ?, ?, ?, ?)");
  int position = 0;
  for (const auto& d : destinations) {
    insert.Reset();
    RETURN_IF_STORE_ERROR(insert.Bind(1, p.account)
                              .Bind(2, p.region)
                              .Bind(3, id)
                              .Bind(4, position++)
                              .Bind(5, d.event_destination_arn)
                              .BindOptional(6, d.role_arn)
                              .Run());
  }
  return {};
}

StoreStatus WabaStore::Delete(const Partition& p, const std::string& id) {
  Statement tags(db_,
                 "DELETE FROM tags WHERE account = ?1 AND region = ?2 AND (resource_id = ?3 OR "
                 "resource_id IN (SELECT id FROM phone_numbers WHERE account = ?1 AND "
                 "region = ?2 AND waba_id = ?3))");
  RETURN_IF_STORE_ERROR(tags.Bind(1, p.account).Bind(2, p.region).Bind(3, id).Run());
  // Phone numbers and destinations go by ON DELETE CASCADE.
  Statement waba(db_, "DELETE FROM wabas WHERE account = ? AND region = ? AND id = ?");
  return waba.Bind(1, p.account).Bind(2, p.region).Bind(3, id).Run();
}

}  // namespace socialite::storage
