#include "storage/phone_number_store.h"

#include "storage/statement.h"

namespace socialite::storage {
namespace {

constexpr const char* kSelect =
    "SELECT id, waba_id, meta_phone_number_id, phone_number, display_phone_number, "
    "display_name, quality_rating, data_localization_region FROM phone_numbers ";

PhoneNumberRecord ReadNumber(const Statement& row) {
  PhoneNumberRecord n;
  n.id = row.Text(0);
  n.waba_id = row.Text(1);
  n.meta = MetaPhoneNumber{row.Text(2), row.Text(3), row.Text(4), row.Text(5), row.Text(6)};
  n.data_localization_region = row.OptionalText(7);
  return n;
}

StoreResult<std::optional<PhoneNumberRecord>> FindOne(Statement& row) {
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<PhoneNumberRecord>();
  }
  return std::optional<PhoneNumberRecord>(ReadNumber(row));
}

}  // namespace

StoreStatus PhoneNumberStore::Insert(const Partition& p, const PhoneNumberRecord& n) {
  Statement insert(db_,
                   "INSERT INTO phone_numbers (account, region, id, waba_id, meta_phone_number_id, "
                   "phone_number, display_phone_number, display_name, quality_rating, "
                   "data_localization_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  return insert.Bind(1, p.account)
      .Bind(2, p.region)
      .Bind(3, n.id)
      .Bind(4, n.waba_id)
      .Bind(5, n.meta.meta_phone_number_id)
      .Bind(6, n.meta.phone_number)
      .Bind(7, n.meta.display_phone_number)
      .Bind(8, n.meta.display_name)
      .Bind(9, n.meta.quality_rating)
      .BindOptional(10, n.data_localization_region)
      .Run();
}

StoreResult<std::optional<PhoneNumberRecord>> PhoneNumberStore::Find(const Partition& p,
                                                                     const std::string& id) {
  Statement row(db_, std::string(kSelect) + "WHERE account = ? AND region = ? AND id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, id);
  return FindOne(row);
}

StoreResult<std::optional<PhoneNumberRecord>> PhoneNumberStore::FindByMetaId(
    const Partition& p, const std::string& meta_id) {
  Statement row(
      db_, std::string(kSelect) + "WHERE account = ? AND region = ? AND meta_phone_number_id = ?");
  row.Bind(1, p.account).Bind(2, p.region).Bind(3, meta_id);
  return FindOne(row);
}

StoreResult<std::optional<std::pair<Partition, PhoneNumberRecord>>> PhoneNumberStore::FindAnywhere(
    const std::string& id) {
  Statement row(db_, "SELECT account, region FROM phone_numbers WHERE id = ? ORDER BY seq LIMIT 1");
  row.Bind(1, id);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<std::pair<Partition, PhoneNumberRecord>>();
  }
  Partition p{row.Text(0), row.Text(1)};
  auto found = Find(p, id);
  if (!found.ok()) return found.error();
  if (!found.value()) return std::optional<std::pair<Partition, PhoneNumberRecord>>();
  return std::optional<std::pair<Partition, PhoneNumberRecord>>(std::make_pair(p, *found.value()));
}

StoreResult<std::vector<PhoneNumberRecord>> PhoneNumberStore::ListForWaba(
    const Partition& p, const std::string& waba_id) {
  Statement rows(
      db_, std::string(kSelect) + "WHERE account = ? AND region = ? AND waba_id = ? ORDER BY seq");
  rows.Bind(1, p.account).Bind(2, p.region).Bind(3, waba_id);
  std::vector<PhoneNumberRecord> out;
  while (rows.Step()) out.push_back(ReadNumber(rows));
  RETURN_IF_STORE_ERROR(rows.status());
  return out;
}

}  // namespace socialite::storage
