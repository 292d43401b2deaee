#include "server/handlers/meta_accounts.h"

#include "server/core/sha256.h"
#include "server/handlers/store_errors.h"
#include "storage/meta_directory_store.h"

namespace socialite {
namespace {

// `count` decimal digits taken from a hex digest starting at `offset`.
std::string Digits(const std::string& hex, size_t offset, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += static_cast<char>('0' +
                             std::stoi(hex.substr((offset + i) % hex.size(), 1), nullptr, 16) % 10);
  }
  return out;
}

}  // namespace

storage::MetaAccount SynthesizeMetaAccount(const std::string& access_token) {
  std::string hex = Sha256Hex("socialite-meta-account|" + access_token);
  storage::MetaAccount account;
  account.access_token = access_token;
  // Meta ids are 15-16 digit decimals; a leading 1 keeps them 15 digits long.
  account.meta_waba_id = "1" + Digits(hex, 0, 14);
  account.name = "Test Business " + hex.substr(0, 6);
  std::string line = Digits(hex, 28, 4);
  storage::MetaPhoneNumber number;
  number.meta_phone_number_id = "1" + Digits(hex, 14, 14);
  // 555-01xx numbers are reserved for fiction in the North American plan.
  number.phone_number = "+1206555" + line;
  number.display_phone_number = "+1 206-555-" + line;
  number.display_name = account.name;
  number.quality_rating = "GREEN";
  account.phone_numbers.push_back(number);
  return account;
}

Result<storage::MetaAccount> MetaAccountForToken(RequestContext& ctx,
                                                 const std::string& access_token) {
  ASSIGN_OR_RETURN(
      auto listed,
      FromStore(storage::MetaDirectoryStore(ctx.services.db).FindByToken(access_token)));
  if (listed) return *listed;
  return SynthesizeMetaAccount(access_token);
}

}  // namespace socialite
