// CallingStore: the 2026-09 state of a phone number — its business public key, its calling
// settings, end users' call permissions and the calls themselves. AWS side, partitioned.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.h"
#include "storage/records.h"

namespace socialite::storage {

struct BusinessPublicKeyRecord {
  std::string phone_number_id;
  std::string public_key_pem;              // the key Meta holds (KMS mode: its public half)
  std::optional<std::string> kms_key_arn;  // set in KMS mode
  std::string signature_status;            // VALID | MISMATCH
  int64_t updated_ms = 0;
};

// An end user's permission to be called by a number. `user` is the wa_id or the BSUID.
struct CallPermissionRecord {
  std::string phone_number_id;
  std::string user;
  std::string status;  // temporary | permanent | no_permission
  std::optional<int64_t> expires_ms;
  int64_t updated_ms = 0;
};

struct CallRecord {
  std::string call_id;  // wacid.…
  std::string phone_number_id;
  std::string waba_id;
  std::string user;       // the customer's wa_id (or BSUID)
  std::string direction;  // BUSINESS_INITIATED | USER_INITIATED
  std::string state;      // RINGING | PRE_ACCEPTED | ACCEPTED | REJECTED | COMPLETED
  std::optional<std::string> biz_opaque_callback_data;
  int64_t created_ms = 0;
  std::optional<int64_t> accepted_ms;
  std::optional<int64_t> ended_ms;
};

class CallingStore {
 public:
  explicit CallingStore(Database& db) : db_(db) {}

  StoreStatus PutPublicKey(const Partition& p, const BusinessPublicKeyRecord& key);
  StoreResult<std::optional<BusinessPublicKeyRecord>> FindPublicKey(
      const Partition& p, const std::string& phone_number_id);

  // The callSettings of a number, kept as the JSON text they were given in.
  StoreStatus PutCallSettings(const Partition& p, const std::string& phone_number_id,
                              const std::string& settings_json, int64_t now_ms);
  StoreResult<std::optional<std::string>> FindCallSettings(const Partition& p,
                                                           const std::string& phone_number_id);

  StoreStatus PutPermission(const Partition& p, const CallPermissionRecord& permission);
  StoreResult<std::optional<CallPermissionRecord>> FindPermission(
      const Partition& p, const std::string& phone_number_id, const std::string& user);

  StoreStatus InsertCall(const Partition& p, const CallRecord& call);
  StoreStatus UpdateCall(const Partition& p, const CallRecord& call);
  StoreResult<std::optional<CallRecord>> FindCall(const Partition& p, const std::string& call_id);
  // Any partition (the admin side, which is addressed by the call id alone).
  StoreResult<std::optional<std::pair<Partition, CallRecord>>> FindCallAnywhere(
      const std::string& call_id);
  // A call of the number with the user that has not ended, if any.
  StoreResult<std::optional<CallRecord>> FindOpenCall(const Partition& p,
                                                      const std::string& phone_number_id,
                                                      const std::string& user);
  // When the interactive call_permission_request messages to the user were sent, oldest
  // first, since `since_ms` (the send_call_permission_request limits).
  StoreResult<std::vector<int64_t>> PermissionRequestTimes(const Partition& p,
                                                           const std::string& phone_number_id,
                                                           const std::string& user,
                                                           int64_t since_ms);
  // When business-initiated calls to the user started, oldest first (the start_call limit).
  StoreResult<std::vector<int64_t>> BusinessCallTimes(const Partition& p,
                                                      const std::string& phone_number_id,
                                                      const std::string& user, int64_t since_ms);

 private:
  Database& db_;
};

}  // namespace socialite::storage
