// Text as a JSON string, written straight into a std::string: the escaping the JSON writers of
// this server use everywhere (the event envelope, the access log and journal lines).
#pragma once

#include <string>
#include <string_view>

namespace socialite {

// Appends `text` quoted, with the bytes rapidjson's writer gives: `"` and `\` escaped, control
// characters as \b \f \n \r \t or \u00XX, every other byte as it is. `text` should be UTF-8;
// bytes that are not are copied through (AppendJsonObject repairs them first).
void AppendJsonQuoted(std::string& out, std::string_view text);

}  // namespace socialite
