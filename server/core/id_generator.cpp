#include "server/core/id_generator.h"

#include "server/core/json.h"

namespace socialite {

namespace {

// 32 hex digits as 8-4-4-4-12, with the version digit and the RFC 9562 variant set.
std::string FormatUuid(std::string hex, char version) {
  hex[12] = version;
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace

std::string IdGenerator::Uuid() { return FormatUuid(Hex(32), '4'); }

std::string IdGenerator::TimeOrderedUuid(int64_t unix_ms) {
  std::string hex = Hex(32);
  static constexpr char kDigits[] = "0123456789abcdef";
  auto ms = static_cast<uint64_t>(unix_ms);
  for (int i = 11; i >= 0; --i, ms >>= 4) hex[i] = kDigits[ms & 0xF];
  return FormatUuid(std::move(hex), '7');
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
