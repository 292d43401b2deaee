// Escaping text for HTML and XML documents we write (flow preview pages, SNS's XML answers).
#pragma once

#include <string>
#include <string_view>

namespace socialite {

// Replaces & < > " ' by entities valid in both HTML and XML, for text and attribute values.
std::string EscapeMarkup(std::string_view text);

}  // namespace socialite
