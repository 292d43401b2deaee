// The live stream's notices, one builder per type, with the fields README "The live stream"
// lists. Times are RFC 3339 with nanoseconds (`at`) and clock milliseconds (`atMs`), as in the
// admin API. Pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "server/core/value.h"
#include "server/live/notice.h"
#include "storage/event_store.h"
#include "storage/records.h"

namespace socialite::live {

// `message` (outbound) or `inbound` (by the message's direction).
Notice MessageNotice(const storage::MessageRecord& message);

// `status` of an outbound message, taking effect when it happens (`event.occurs_ms`).
// `customer` is the recipient's number.
Notice StatusNotice(const storage::EventRecord& event, const std::string& customer);
// The recipient of the first status in a status change's `value` (Meta's recipient_id).
std::string StatusRecipient(const Value& status_change_value);
// The `status` notice of a stored status event (its recipient read from its envelope).
Notice StoredStatusNotice(const storage::EventRecord& event);

// `event`: as appended, or after a delivery outcome or a replay changed its state.
Notice EventNotice(const storage::EventRecord& event);
Notice EventNotice(const storage::EventRecord& event, const storage::EventOutcome& outcome);

// The notices of an event just appended: `event`, and for a status also `status` (told when
// it happens). `recipient` is a status's customer (see StatusRecipient).
void PublishAppended(NoticeSink& sink, const storage::EventRecord& event,
                     const std::string& recipient);

// `request`: an API request the journal recorded.
Notice RequestNotice(const std::string& request_id, const std::string& operation, int http_status,
                     int64_t at_ms);

// `template`: a template's status (or the event named `status`, e.g. DELETED) or quality.
Notice TemplateNotice(const storage::TemplateRecord& t, const std::string& status);

// `clock`: the manual clock moved to `now_ms`.
Notice ClockNotice(int64_t now_ms);

// `reset`: all state was wiped.
Notice ResetNotice();

}  // namespace socialite::live
