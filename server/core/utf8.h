// Checking and repairing text that must be UTF-8 (JSON, request targets, log lines, journal
// entries) but came from bytes a client chose.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace socialite {

// `text` with each maximal ill-formed subsequence replaced by U+FFFD, the replacement Unicode
// recommends (§3.9, "U+FFFD Substitution of Maximal Subparts"); well-formed text is unchanged.
std::string ToValidUtf8(std::string_view text);

// Well-formed UTF-8 (no stray continuation bytes, overlong forms, surrogates or values past
// U+10FFFF): ToValidUtf8 would leave it unchanged.
bool IsValidUtf8(std::string_view text);

// The code point at `text[at]`, advancing `at` past it; U+FFFD for an ill-formed sequence,
// advancing past its maximal subpart (as ToValidUtf8 replaces it).
char32_t NextCodePoint(std::string_view text, size_t& at);

// Appends `code_point` (at most U+10FFFF) encoded as UTF-8.
void AppendUtf8(std::string& out, char32_t code_point);

}  // namespace socialite
