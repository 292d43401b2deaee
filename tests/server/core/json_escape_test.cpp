#include "server/core/json_escape.h"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

namespace socialite {
namespace {

std::string Quoted(std::string_view text) {
  std::string out = "x:";  // appends, never replaces
  AppendJsonQuoted(out, text);
  return out.substr(2);
}

std::string ByRapidjson(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return buffer.GetString();
}

TEST(JsonEscapeTest, EveryAsciiByteIsWrittenAsRapidjsonWritesIt) {
  for (int c = 0; c < 0x80; ++c) {
    std::string text = "a" + std::string(1, static_cast<char>(c)) + "b";
    EXPECT_EQ(Quoted(text), ByRapidjson(text)) << "byte " << c;
  }
}

TEST(JsonEscapeTest, UnicodeIsCopiedAndTheUsualEscapesAreShort) {
  EXPECT_EQ(Quoted("Olá 👋 \"hi\"\\ \n\t\x01"), R"("Olá 👋 \"hi\"\\ \n\t\u0001")");
  EXPECT_EQ(Quoted("Olá 👋 \"hi\"\\ \n\t\x01"), ByRapidjson("Olá 👋 \"hi\"\\ \n\t\x01"));
  EXPECT_EQ(Quoted(""), "\"\"");
  EXPECT_EQ(Quoted(std::string_view("a\0b", 3)), R"("a\u0000b")");
}

}  // namespace
}  // namespace socialite
