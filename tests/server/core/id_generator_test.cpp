// IdGenerator's UUIDs: version 4 (random) and version 7 (time-ordered, RFC 9562 §5.7).
#include "server/core/id_generator.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace socialite {
namespace {

TEST(IdGeneratorTest, TimeOrderedUuidIsVersion7WithTheTimeFirst) {
  RandomIdGenerator ids;
  // 2026-01-01T00:00:00Z = 1767225600000 ms = 0x019b76daa800.
  std::string id = ids.TimeOrderedUuid(1767225600000LL);
  EXPECT_TRUE(
      std::regex_match(id, std::regex("019b76da-a800-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << id;
}

TEST(IdGeneratorTest, TimeOrderedUuidsSortByTime) {
  RandomIdGenerator ids;
  for (int64_t ms : {1767225600000LL, 1767225600255LL, 1767225601000LL}) {
    EXPECT_LT(ids.TimeOrderedUuid(ms), ids.TimeOrderedUuid(ms + 1));
  }
  EXPECT_TRUE(std::regex_match(
      ids.Uuid(),
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
}

}  // namespace
}  // namespace socialite
