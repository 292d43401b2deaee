#include "server/core/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace socialite {
namespace {

// FIPS 180-2's first example, "abc".
constexpr char kAbcHex[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST(Sha256Test, HexAndBytesAreTheSameDigest) {
  EXPECT_EQ(Sha256Hex("abc"), kAbcHex);
  std::string bytes = Sha256Bytes("abc");
  ASSERT_EQ(bytes.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0xba);
  EXPECT_EQ(static_cast<unsigned char>(bytes[31]), 0xad);
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace socialite
