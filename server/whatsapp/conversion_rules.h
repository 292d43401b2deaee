// Meta's Conversions API for Business Messaging: the checks Meta applies to the events a
// business sends to a WhatsApp dataset (event name allow-list, time window, action source,
// messaging channel, user data), and the events they yield.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/core/value.h"

namespace socialite::whatsapp {

// Meta accepts events up to 7 days old, and none from the future beyond a little clock skew.
inline constexpr int64_t kConversionMaxAgeSeconds = 7LL * 24 * 60 * 60;
inline constexpr int64_t kConversionMaxSkewSeconds = 5LL * 60;
// Meta's Conversions API takes at most this many events in one request.
inline constexpr size_t kMaxConversionEventsPerRequest = 1000;

struct ConversionEvent {
  std::string event_name;
  int64_t event_time = 0;
  std::optional<std::string> event_id;
  std::optional<std::string> ctwa_clid;
  Value event;  // the event object as sent
};

struct ConversionCheck {
  std::vector<ConversionEvent> events;  // filled when `problems` is empty
  std::vector<std::string> problems;    // each names the event ("data[0].event_name: ...")
};

// Checks `payload` — Meta's request body {"data": [event, ...]} or a single event object —
// for the WABA whose Meta id is `meta_waba_id`, at `now_seconds`.
ConversionCheck CheckConversionEvents(const Value& payload, const std::string& meta_waba_id,
                                      int64_t now_seconds);

// True for the event names Meta accepts from business messaging.
bool IsBusinessMessagingEventName(const std::string& name);

}  // namespace socialite::whatsapp
