#include "storage/meta_directory_store.h"

#include "storage/statement.h"

namespace socialite::storage {

StoreStatus MetaDirectoryStore::Put(const MetaAccount& account) {
  Statement remove(db_, "DELETE FROM meta_accounts WHERE access_token = ? OR meta_waba_id = ?");
  RETURN_IF_STORE_ERROR(remove.Bind(1, account.access_token).Bind(2, account.meta_waba_id).Run());
  Statement insert(db_,
                   "INSERT INTO meta_accounts (access_token, meta_waba_id, name) VALUES (?, ?, ?)");
  RETURN_IF_STORE_ERROR(insert.Bind(1, account.access_token)
                            .Bind(2, account.meta_waba_id)
                            .Bind(3, account.name)
                            .Run());
  Statement number(db_,
                   "INSERT OR REPLACE INTO meta_phone_numbers (meta_phone_number_id, meta_waba_id, "
                   "phone_number, display_phone_number, display_name, quality_rating, position) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)");
  int position = 0;
  for (const auto& n : account.phone_numbers) {
    number.Reset();
    RETURN_IF_STORE_ERROR(number.Bind(1, n.meta_phone_number_id)
                              .Bind(2, account.meta_waba_id)
                              .Bind(3, n.phone_number)
                              .Bind(4, n.display_phone_number)
                              .Bind(5, n.display_name)
                              .Bind(6, n.quality_rating)
                              .Bind(7, position++)
                              .Run());
  }
  return {};
}

StoreResult<std::optional<MetaAccount>> MetaDirectoryStore::FindByToken(
    const std::string& access_token) {
  Statement account(db_, "SELECT meta_waba_id, name FROM meta_accounts WHERE access_token = ?");
  account.Bind(1, access_token);
  if (!account.Step()) {
    RETURN_IF_STORE_ERROR(account.status());
    return std::optional<MetaAccount>();
  }
  MetaAccount found{access_token, account.Text(0), account.Text(1), {}};
  Statement numbers(db_,
                    "SELECT meta_phone_number_id, phone_number, display_phone_number, "
                    "display_name, quality_rating FROM meta_phone_numbers "
                    "WHERE meta_waba_id = ? ORDER BY position");
  numbers.Bind(1, found.meta_waba_id);
  while (numbers.Step()) {
    found.phone_numbers.push_back(MetaPhoneNumber{numbers.Text(0), numbers.Text(1), numbers.Text(2),
                                                  numbers.Text(3), numbers.Text(4)});
  }
  RETURN_IF_STORE_ERROR(numbers.status());
  return std::optional<MetaAccount>(std::move(found));
}

}  // namespace socialite::storage
