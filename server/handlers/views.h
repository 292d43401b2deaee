// Views: stored records rendered as the output members of the spec's shapes.
#pragma once

#include <cstddef>
#include <vector>

#include "server/core/value.h"
#include "storage/records.h"

namespace socialite {

// AWS allows at most this many tags on one resource.
inline constexpr size_t kMaxTagsPerResource = 50;

// {"statusCode": 200}, which the sign-up and tag operations answer with.
Value StatusCodeOk();

// WhatsAppPhoneNumberDetail / WhatsAppPhoneNumberSummary (same members).
Value PhoneNumberView(const storage::Partition& p, const storage::PhoneNumberRecord& number);
// LinkedWhatsAppBusinessAccountSummary (without phone numbers).
Value WabaSummaryView(const storage::Partition& p, const storage::WabaRecord& waba);
// LinkedWhatsAppBusinessAccount: the summary plus its phone numbers.
Value WabaView(const storage::Partition& p, const storage::WabaRecord& waba,
               const std::vector<storage::PhoneNumberRecord>& numbers);
Value EventDestinationsView(const std::vector<storage::EventDestination>& destinations);
Value TagsView(const std::vector<storage::TagRecord>& tags);

// The reverse direction for inputs of the Tag and EventDestination shapes.
std::vector<storage::TagRecord> TagsFrom(const Value* tag_list);
std::vector<storage::EventDestination> EventDestinationsFrom(const Value* destination_list);

}  // namespace socialite
