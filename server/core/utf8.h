// Repairing text that must be UTF-8 (JSON log lines, journal entries) but came from bytes a
// client chose, such as a raw request target.
#pragma once

#include <string>
#include <string_view>

namespace socialite {

// `text` with each maximal ill-formed subsequence replaced by U+FFFD, the replacement Unicode
// recommends (§3.9, "U+FFFD Substitution of Maximal Subparts"); well-formed text is unchanged.
std::string ToValidUtf8(std::string_view text);

// True when ToValidUtf8 would change `text`.
bool NeedsUtf8Repair(std::string_view text);

}  // namespace socialite
