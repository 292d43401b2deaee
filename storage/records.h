// Plain records that the stores read and write. No SQL, no JSON, no AWS errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace socialite::storage {

// Every AWS-side row belongs to one (account, region).
struct Partition {
  std::string account;
  std::string region;
};

// A phone number as Meta describes it.
struct MetaPhoneNumber {
  std::string meta_phone_number_id;
  std::string phone_number;          // E.164, e.g. +14255550123
  std::string display_phone_number;  // as WhatsApp shows it
  std::string display_name;
  std::string quality_rating;  // GREEN | YELLOW | RED | UNKNOWN
};

// A Meta business account reachable through an access token.
struct MetaAccount {
  std::string access_token;
  std::string meta_waba_id;
  std::string name;
  std::vector<MetaPhoneNumber> phone_numbers;
};

struct EventDestination {
  std::string event_destination_arn;
  std::optional<std::string> role_arn;
};

// A linked WhatsApp Business Account (AWS side).
struct WabaRecord {
  std::string id;  // waba-<32 hex>
  std::string meta_waba_id;
  std::string name;
  std::string registration_status;  // COMPLETE | INCOMPLETE
  int64_t link_date_ms = 0;
  bool enable_sending = true;
  bool enable_receiving = true;
  std::vector<EventDestination> event_destinations;
  int64_t seq = 0;  // stable listing order
};

// A linked phone number (AWS side).
struct PhoneNumberRecord {
  std::string id;       // phone-number-id-<32 hex>
  std::string waba_id;  // waba-<32 hex>
  MetaPhoneNumber meta;
  std::optional<std::string> data_localization_region;
};

// Step 1 of a sign-up, waiting for step 2.
struct SignupRecord {
  std::string token;
  Partition partition;
  std::string meta_waba_id;
  std::string waba_id;  // the id step 2 links (or the already linked WABA's id)
  std::string waba_name;
  int64_t created_ms = 0;
  bool used = false;
  // Numbers offered for registration, with the ids they will get.
  std::vector<PhoneNumberRecord> offered;
};

struct TagRecord {
  std::string key;
  std::string value;
};

}  // namespace socialite::storage
