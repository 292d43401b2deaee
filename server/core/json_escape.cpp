#include "server/core/json_escape.h"

#include <array>
#include <cstring>

namespace socialite {
namespace {

// How each byte is written inside a JSON string: 0 as itself, 'u' as \u00XX, any other letter
// after a backslash.
constexpr std::array<char, 256> EscapeTable() {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 'u';
  table['\b'] = 'b';
  table['\f'] = 'f';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  table['"'] = '"';
  table['\\'] = '\\';
  return table;
}
constexpr std::array<char, 256> kEscape = EscapeTable();

}  // namespace

// Its length first, then the bytes through a pointer: every event's envelope is written on the
// writer thread's path, about 700 bytes of JSON text with a quote every few bytes.
void AppendJsonQuoted(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  size_t length = text.size() + 2;
  for (char ch : text) {
    char escape = kEscape[static_cast<unsigned char>(ch)];
    length += escape == 0 ? 0 : escape == 'u' ? 5 : 1;
  }
  size_t start = out.size();
  out.resize(start + length);
  char* p = out.data() + start;
  *p++ = '"';
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    char escape = kEscape[c];
    if (escape == 0) {
      *p++ = ch;
    } else if (escape != 'u') {
      *p++ = '\\';
      *p++ = escape;
    } else {
      const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      std::memcpy(p, escaped, sizeof(escaped));
      p += sizeof(escaped);
    }
  }
  *p = '"';
}

}  // namespace socialite
