// Schema: the ordered migrations. Migration N (1-based) moves PRAGMA user_version from N-1
// to N inside one transaction. Append new migrations; never edit a released one.
#pragma once

#include <string>
#include <vector>

namespace socialite::storage {

const std::vector<std::string>& Migrations();

}  // namespace socialite::storage
