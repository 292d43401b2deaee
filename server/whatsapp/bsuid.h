// Business-scoped user ids (BSUID): since 2026 Meta identifies a WhatsApp user to a business
// by an id of its own, "<ISO country>.<digits>" (e.g. "US.13491208655302741918"), carried
// beside the phone number in webhooks (`recipient_user_id` on statuses; `user_id` on contacts
// and `from_user_id` on inbound messages). Ours is derived from the business (the WABA) and
// the user, so it is stable across restarts and differs between businesses.
#pragma once

#include <string>

namespace socialite::whatsapp {

std::string BusinessScopedUserId(const std::string& meta_waba_id, const std::string& wa_id);

// The ISO 3166 country of a WhatsApp id by its calling code ("ZZ" when not in our table).
std::string CountryOfNumber(const std::string& wa_id);

}  // namespace socialite::whatsapp
