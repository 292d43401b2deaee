#include "server/core/utf8.h"

#include <cstddef>

namespace socialite {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

struct Sequence {
  size_t length;  // bytes consumed: the whole sequence, or the maximal ill-formed subpart
  bool well_formed;
};

// The UTF-8 sequence at the start of `text` (not empty), by Table 3-7 of the Unicode standard:
// the lead byte fixes the length and the range allowed for the second byte.
Sequence NextSequence(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {1, true};
  size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // no overlong forms
    if (lead == 0xED) second_max = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // no overlong forms
    if (lead == 0xF4) second_max = 0x8F;  // nothing past U+10FFFF
  } else {
    return {1, false};
  }
  for (size_t i = 1; i < length; ++i) {
    const unsigned char min = i == 1 ? second_min : 0x80;
    const unsigned char max = i == 1 ? second_max : 0xBF;
    if (i >= text.size() || byte(i) < min || byte(i) > max) return {i, false};
  }
  return {length, true};
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    // ASCII, by far the common case, needs no decoding.
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      ++at;
      continue;
    }
    Sequence sequence = NextSequence(text.substr(at));
    if (!sequence.well_formed) return false;
    at += sequence.length;
  }
  return true;
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    Sequence sequence = NextSequence(text.substr(at));
    if (sequence.well_formed) {
      out.append(text.substr(at, sequence.length));
    } else {
      out += kReplacement;
    }
    at += sequence.length;
  }
  return out;
}

char32_t NextCodePoint(std::string_view text, size_t& at) {
  Sequence sequence = NextSequence(text.substr(at));
  if (!sequence.well_formed) {
    at += sequence.length;
    return U'\uFFFD';
  }
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[at + i]); };
  char32_t code_point = sequence.length == 1 ? byte(0) : byte(0) & (0x7F >> sequence.length);
  for (size_t i = 1; i < sequence.length; ++i) code_point = (code_point << 6) | (byte(i) & 0x3F);
  at += sequence.length;
  return code_point;
}

void AppendUtf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

}  // namespace socialite
