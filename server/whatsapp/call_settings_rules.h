// Meta's rules for a phone number's calling settings beyond what AWS's model says: values of
// the call icon and callback settings, an IANA time zone, at most two opening ranges per day
// that open before they close and do not overlap, real holiday dates.
#pragma once

#include <optional>
#include <string>

#include "server/core/value.h"

namespace socialite::whatsapp {

// The first problem with `settings` (a WhatsAppCallSettings value as bound), or nullopt.
std::optional<std::string> CallSettingsProblem(const Value& settings);

}  // namespace socialite::whatsapp
