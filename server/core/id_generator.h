// IdGenerator: every random identifier the server hands out comes from here, so tests can
// substitute a deterministic sequence.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace socialite {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // `count` lowercase hex digits.
  virtual std::string Hex(int count) = 0;
  // A random RFC 4122 version-4 UUID, lowercase.
  std::string Uuid();
  // An RFC 9562 version-7 UUID: 48 bits of `unix_ms`, then random bits. Ids made close in
  // time sort close together, so an index on them grows at one end instead of everywhere.
  std::string TimeOrderedUuid(int64_t unix_ms);
  // `bytes` random bytes in URL-safe base64 without padding (Meta's call ids, trace ids).
  std::string UrlSafeBase64(int bytes);
};

// RandomIdGenerator: seeded from the OS; thread-safe.
class RandomIdGenerator : public IdGenerator {
 public:
  RandomIdGenerator();
  explicit RandomIdGenerator(uint64_t seed) : engine_(seed) {}
  std::string Hex(int count) override;

 private:
  std::mutex mu_;
  std::mt19937_64 engine_;
};

}  // namespace socialite
