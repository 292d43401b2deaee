#include "server/core/id_generator.h"

#include "server/core/json.h"

namespace socialite {

std::string IdGenerator::Uuid() {
  std::string hex = Hex(32);
  hex[12] = '4';                                                    // version 4
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

RandomIdGenerator::RandomIdGenerator() : engine_(std::random_device{}()) {}

std::string RandomIdGenerator::Hex(int count) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(count, '0');
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t bits = 0;
  for (int i = 0; i < count; ++i) {
    if (i % 16 == 0) bits = engine_();
    out[i] = kDigits[bits & 0xF];
    bits >>= 4;
  }
  return out;
}

std::string IdGenerator::UrlSafeBase64(int bytes) {
  std::string hex = Hex(bytes * 2);
  std::string raw;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  std::string encoded = Base64Encode(raw);
  for (char& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return encoded;
}

}  // namespace socialite
