#include "storage/signup_store.h"

#include "storage/statement.h"

namespace socialite::storage {

StoreStatus SignupStore::Insert(const SignupRecord& s) {
  Statement insert(db_,
                   "INSERT INTO signups (token, account, region, meta_waba_id, waba_id, "
                   "waba_name, created_ms, used) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  RETURN_IF_STORE_ERROR(insert.Bind(1, s.token)
                            .Bind(2, s.partition.account)
                            .Bind(3, s.partition.region)
                            .Bind(4, s.meta_waba_id)
                            .Bind(5, s.waba_id)
                            .Bind(6, s.waba_name)
                            .Bind(7, s.created_ms)
                            .Bind(8, s.used)
                            .Run());
  Statement number(db_,
                   "INSERT INTO signup_numbers (token, phone_number_id, meta_phone_number_id, "
                   "phone_number, display_phone_number, display_name, quality_rating, position) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  int position = 0;
  for (const auto& n : s.offered) {
    number.Reset();
    RETURN_IF_STORE_ERROR(number.Bind(1, s.token)
                              .Bind(2, n.id)
                              .Bind(3, n.meta.meta_phone_number_id)
                              .Bind(4, n.meta.phone_number)
                              .Bind(5, n.meta.display_phone_number)
                              .Bind(6, n.meta.display_name)
                              .Bind(7, n.meta.quality_rating)
                              .Bind(8, position++)
                              .Run());
  }
  return {};
}

StoreResult<std::optional<SignupRecord>> SignupStore::Find(const std::string& token) {
  Statement row(db_,
                "SELECT account, region, meta_waba_id, waba_id, waba_name, created_ms, used "
                "FROM signups WHERE token = ?");
  row.Bind(1, token);
  if (!row.Step()) {
    RETURN_IF_STORE_ERROR(row.status());
    return std::optional<SignupRecord>();
  }
  SignupRecord s;
  s.token = token;
  s.partition = {row.Text(0), row.Text(1)};
  s.meta_waba_id = row.Text(2);
  s.waba_id = row.Text(3);
  s.waba_name = row.Text(4);
  s.created_ms = row.Int(5);
  s.used = row.Int(6) != 0;
  Statement numbers(db_,
                    "SELECT phone_number_id, meta_phone_number_id, phone_number, "
                    "display_phone_number, display_name, quality_rating FROM signup_numbers "
                    "WHERE token = ? ORDER BY position");
  numbers.Bind(1, token);
  while (numbers.Step()) {
    PhoneNumberRecord n;
    n.id = numbers.Text(0);
    n.waba_id = s.waba_id;
    n.meta = MetaPhoneNumber{numbers.Text(1), numbers.Text(2), numbers.Text(3), numbers.Text(4),
                             numbers.Text(5)};
    s.offered.push_back(std::move(n));
  }
  RETURN_IF_STORE_ERROR(numbers.status());
  return std::optional<SignupRecord>(std::move(s));
}

StoreStatus SignupStore::MarkUsed(const std::string& token) {
  Statement update(db_, "UPDATE signups SET used = 1 WHERE token = ?");
  return update.Bind(1, token).Run();
}

}  // namespace socialite::storage
