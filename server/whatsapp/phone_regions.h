// Where a WhatsApp id (digits only) is: needed for Meta's block on marketing templates to US
// numbers (+1 with a US area code; Canada and the Caribbean share +1 but are not blocked).
#pragma once

#include <string>

namespace socialite::whatsapp {

bool IsUnitedStatesNumber(const std::string& wa_id);

}  // namespace socialite::whatsapp
