// What the inbox page reads, as the admin API answers it: every linked account with its
// numbers (GET /_socialite/accounts), the conversations (GET /_socialite/conversations) and
// the clock (GET /_socialite/clock). The page's first view is rendered from the same answers
// (server/ui/first_view), so the server's view and the script's agree.
#pragma once

#include <optional>
#include <string>

#include "server/core/json.h"
#include "server/core/result.h"
#include "server/handlers/request_context.h"

namespace socialite {

inline constexpr int kDefaultConversations = 500;

// {"accounts": [...]}: every WABA of every partition with its phone numbers, by WABA id.
Result<Value> AccountsList(Services& services);

// {"conversations": [...]}: up to `limit` threads (of `phone_number_id` when given), the most
// recently active first, each with its last message's preview and the service window.
Result<Value> ConversationsList(Services& services,
                                const std::optional<std::string>& phone_number_id, int limit);

// {"mode", "nowMillis", "now"}: the simulation clock.
Value ClockView(const Services& services, bool manual);

}  // namespace socialite
