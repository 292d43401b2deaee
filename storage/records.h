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
  std::optional<std::string> dataset_id;  // the Meta WABA's Conversions API dataset, if any
  int64_t seq = 0;                        // stable listing order
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

// A message template of a WABA (Meta's definition JSON kept as text).
struct TemplateRecord {
  std::string waba_id;
  std::string meta_template_id;
  std::string name;
  std::string language;
  std::string category;
  std::string status;  // PENDING | APPROVED | REJECTED | PAUSED | DISABLED
  std::optional<std::string> rejected_reason;
  std::string quality_score = "UNKNOWN";
  std::string definition_json;
  bool cta_url_link_tracking_opted_out = false;
  std::optional<std::string> library_template_name;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  std::optional<int64_t> review_due_ms;
  int64_t seq = 0;
};

struct MediaRecord {
  std::string media_id;
  std::string phone_number_id;  // owner (uploader, or the number that received it)
  std::string origin;           // upload | inbound
  std::string mime_type;
  std::string sha256;
  int64_t file_size = 0;
  std::string bytes;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
};

struct StatusRecord {
  std::string status;
  int64_t at_ms = 0;
  std::optional<int64_t> error_code;
};

struct MessageRecord {
  std::string wamid;
  std::string phone_number_id;
  std::string waba_id;
  std::string direction;  // outbound | inbound
  std::string wa_id;      // the customer
  std::string type;
  std::optional<std::string> template_name;
  std::optional<std::string> template_language;
  std::string body_json;  // the message object as sent or received
  std::optional<std::string> biz_opaque_callback_data;
  std::optional<std::string> reply_to;
  // Meta's asynchronous verdict, decided at send time (nullopt: it will be delivered).
  std::optional<int64_t> outcome_code;
  std::optional<std::string> outcome_details;
  int64_t created_ms = 0;
  std::optional<int64_t> read_ms;
  std::optional<std::string> meta_api_version;  // outbound: the send's metaApiVersion
  std::optional<std::string> customer_name;     // inbound: the profile name, when given
  std::vector<StatusRecord> statuses;
  int64_t seq = 0;
};

// One webhook event in the outbox.
struct EventRecord {
  std::string id;  // the envelope's messageId (UUID)
  Partition partition;
  std::string waba_id;
  std::optional<std::string> phone_number_id;
  std::optional<std::string> wamid;
  std::string kind;                   // status | inbound | template_status | template_quality
  std::string field;                  // Meta's webhook field
  std::optional<std::string> status;  // for status events: sent, delivered, read, failed, ...
  std::optional<int64_t> error_code;
  std::string envelope_json;
  std::optional<std::string> destination_arn;  // none: the event is undeliverable
  int64_t created_ms = 0;
  int64_t due_ms = 0;
  // pending -> delivered | retrying -> ... -> dead; undeliverable when no target exists.
  std::string delivery_state = "pending";
  int64_t attempts = 0;
  std::optional<int64_t> next_attempt_ms;
  std::optional<std::string> last_error;
  std::optional<int64_t> finished_ms;
  int64_t seq = 0;
  // When it happened on the clock (message_timestamp); due_ms is when it is delivered, later
  // when a rule delays or reorders it, or a duplicate or replay is owed.
  int64_t occurs_ms = 0;
  int64_t copies_owed = 0;                 // duplicate deliveries still to make after this one
  int64_t copy_gap_ms = 0;                 // the wait between a delivery and its duplicate
  int64_t attempt_base = 0;                // attempts made before the current delivery
  std::string delivery_kind = "original";  // original | duplicate | replay
};

struct DeliveryAttempt {
  int64_t attempt = 0;
  int64_t at_ms = 0;
  std::string target;
  bool delivered = false;
  int64_t http_status = 0;
  std::string detail;
  std::string delivery = "original";  // the delivery it belonged to: original | duplicate | replay
};

}  // namespace socialite::storage
