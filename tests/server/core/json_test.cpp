#include "server/core/json.h"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <string>

#include "server/core/utf8.h"

namespace socialite {
namespace {

std::string ParseError(std::string_view text) {
  Result<Value> parsed = ParseJson(text);
  if (parsed.ok()) return "<parsed: " + WriteJson(parsed.value()) + ">";
  EXPECT_EQ(parsed.error().code, ErrorCode::kSerialization);
  return parsed.error().message;
}

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

TEST(Base64Test, EncodesTheRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Test, DecodesTheRfc4648Vectors) {
  EXPECT_EQ(Base64Decode(""), "");
  EXPECT_EQ(Base64Decode("Zg=="), "f");
  EXPECT_EQ(Base64Decode("Zm8="), "fo");
  EXPECT_EQ(Base64Decode("Zm9v"), "foo");
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
}

TEST(Base64Test, RoundTripsEveryByteValue) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (size_t len = 0; len <= bytes.size(); len += 37) {
    std::string chunk = bytes.substr(0, len);
    EXPECT_EQ(Base64Decode(Base64Encode(chunk)), chunk) << len;
  }
  EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes);
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
}

TEST(Base64Test, RejectsWrongLength) {
  EXPECT_EQ(Base64Decode("Zg"), std::nullopt);
  EXPECT_EQ(Base64Decode("Zg="), std::nullopt);
  EXPECT_EQ(Base64Decode("Zm9vY"), std::nullopt);
}

TEST(Base64Test, RejectsCharactersOutsideTheAlphabet) {
  EXPECT_EQ(Base64Decode("Zm9v!A=="), std::nullopt);
  EXPECT_EQ(Base64Decode("Zm9v\nYg=="), std::nullopt);
  EXPECT_EQ(Base64Decode("Zm 9"), std::nullopt);
  EXPECT_EQ(Base64Decode("-_8="), std::nullopt);  // URL-safe alphabet
}

TEST(Base64Test, RejectsMisplacedPadding) {
  EXPECT_EQ(Base64Decode("Zg==Zg=="), std::nullopt);  // padding before the last group
  EXPECT_EQ(Base64Decode("Z==="), std::nullopt);      // three padding characters
  EXPECT_EQ(Base64Decode("===="), std::nullopt);
  EXPECT_EQ(Base64Decode("Zg=a"), std::nullopt);  // data after padding
}

TEST(JsonTest, ParsesScalarsAndContainers) {
  Result<Value> v = ParseJson(R"({"s":"x","i":-3,"d":1.5,"b":true,"n":null,"l":[1,"a"]})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->GetString("s"), "x");
  EXPECT_EQ(v->GetInt("i"), -3);
  EXPECT_EQ(v->Get("d")->kind(), Value::Kind::kDouble);
  EXPECT_EQ(v->Get("d")->AsDouble(), 1.5);
  EXPECT_EQ(v->GetBool("b"), true);
  EXPECT_TRUE(v->Get("n")->is_null());
  ASSERT_TRUE(v->Get("l")->is_list());
  EXPECT_EQ(v->Get("l")->AsList().size(), 2u);
}

TEST(JsonTest, LargeIntegersBeyondInt64BecomeDoubles) {
  Result<Value> v = ParseJson("[9223372036854775807, 9223372036854775808]");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->AsList()[0].kind(), Value::Kind::kInt);
  EXPECT_EQ(v->AsList()[0].AsInt(), INT64_MAX);
  EXPECT_EQ(v->AsList()[1].kind(), Value::Kind::kDouble);
}

TEST(JsonTest, WriteKeepsMemberOrderAndRoundTrips) {
  const std::string text = R"({"z":1,"a":[true,false,null],"m":{"k":"v\"\\"},"e":{}})";
  Result<Value> v = ParseJson(text);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(WriteJson(*v), text);
}

TEST(JsonTest, DuplicateKeysKeepTheLastValueAtTheFirstPosition) {
  Result<Value> v = ParseJson(R"({"a":1,"b":2,"a":3})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(WriteJson(*v), R"({"a":3,"b":2})");
}

TEST(JsonTest, DuplicateKeysInNestedObjects) {
  Result<Value> v = ParseJson(R"({"o":{"k":"first","k":"second"},"o2":[{"x":1,"x":{"y":2}}]})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(WriteJson(*v), R"({"o":{"k":"second"},"o2":[{"x":{"y":2}}]})");
}

// A body of many keys must not cost time quadratic in their number (issue 9, defect 5).
TEST(JsonTest, ObjectWithTwoHundredThousandKeysParsesFast) {
  constexpr int kKeys = 200000;
  std::string text = "{";
  for (int i = 0; i < kKeys; ++i) {
    if (i > 0) text += ',';
    text += "\"k" + std::to_string(i) + "\":" + std::to_string(i);
  }
  text += ",\"k7\":\"again\",\"k199999\":-1}";  // two duplicates, the last value wins
  auto started = std::chrono::steady_clock::now();
  Result<Value> v = ParseJson(text);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(v.ok());
  EXPECT_LT(seconds, 5.0);  // quadratic parsing took minutes; linearithmic takes milliseconds
  const ValueFields& fields = v->AsObject();
  ASSERT_EQ(fields.size(), static_cast<size_t>(kKeys));
  EXPECT_EQ(fields[0].first, "k0");
  EXPECT_EQ(fields[7].first, "k7");
  EXPECT_EQ(fields[7].second, Value("again"));
  EXPECT_EQ(fields[kKeys - 1].first, "k199999");
  EXPECT_EQ(v->GetInt("k199999"), -1);
  EXPECT_EQ(v->GetInt("k123456"), 123456);
  EXPECT_EQ(v->GetInt("k0"), 0);
  EXPECT_EQ(v->Get("k200000"), nullptr);
}

TEST(JsonTest, RepeatedDuplicatesKeepOrderOfFirstOccurrences) {
  Result<Value> v = ParseJson(R"({"b":1,"a":2,"b":3,"c":4,"a":5,"b":6})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(WriteJson(*v), R"({"b":6,"a":5,"c":4})");
}

TEST(JsonTest, EmptyTextIsAnError) {
  EXPECT_EQ(ParseError(""), "Malformed JSON: The document is empty. at offset 0");
  EXPECT_TRUE(StartsWith(ParseError("   "), "Malformed JSON: The document is empty."));
}

TEST(JsonTest, SyntaxErrorsNameTheOffset) {
  EXPECT_EQ(ParseError(R"({"a":})"), "Malformed JSON: Invalid value. at offset 5");
  EXPECT_TRUE(StartsWith(ParseError(R"({"a" 1})"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError(R"([1,2)"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError(R"({'a':1})"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError(R"([1,])"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError("NaN"), "Malformed JSON: "));
}

TEST(JsonTest, TrailingGarbageIsRejected) {
  EXPECT_EQ(ParseError("{} x"), "Malformed JSON: unexpected data after the root value at offset 3");
  EXPECT_TRUE(StartsWith(ParseError("{}{}"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError("123abc"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError(std::string("{}\0", 3)), "Malformed JSON: "));
}

TEST(JsonTest, TrailingWhitespaceIsAccepted) {
  Result<Value> v = ParseJson(" {\"a\":1} \r\n\t");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(WriteJson(*v), R"({"a":1})");
}

TEST(JsonTest, InvalidUtf8IsRejected) {
  EXPECT_TRUE(StartsWith(ParseError("\"\xff\""), "Malformed JSON: Invalid encoding in string."));
  EXPECT_TRUE(StartsWith(ParseError("{\"a\":\"\xc3\"}"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError("{\"\xed\xa0\x80\":1}"), "Malformed JSON: "));  // surrogate
}

TEST(JsonTest, EscapedLoneSurrogatesAreRejected) {
  // Decoded, these would be the bytes ED B0 80 / ED A0 80: not UTF-8.
  EXPECT_TRUE(StartsWith(ParseError(R"({"\udc00x":"y"})"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError(R"(["\udfff"])"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError(R"(["\ud800"])"), "Malformed JSON: "));
  EXPECT_TRUE(StartsWith(ParseError(R"(["a\udc00b"])"), "Malformed JSON: "));
}

TEST(JsonTest, ValidUtf8AndEscapesAreKept) {
  Result<Value> v = ParseJson("[\"\xc3\xa9\", \"\\u00e9\", \"\\ud83d\\ude00\"]");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->AsList()[0].AsString(), "\xc3\xa9");
  EXPECT_EQ(v->AsList()[1].AsString(), "\xc3\xa9");
  EXPECT_EQ(v->AsList()[2].AsString(), "\xf0\x9f\x98\x80");
}

TEST(JsonTest, NestingUpToTheLimitIsAccepted) {
  std::string text = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(ParseJson(text).ok());
}

TEST(JsonTest, NestingOneBeyondTheLimitIsRejected) {
  std::string text = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  EXPECT_EQ(ParseError(text), "JSON nesting is deeper than 64 levels");
}

TEST(JsonTest, TenThousandDeepArrayIsRejectedWithoutCrashing) {
  std::string text = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_EQ(ParseError(text), "JSON nesting is deeper than 64 levels");
}

TEST(JsonTest, DeepUnterminatedObjectsAreRejectedWithoutCrashing) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "{\"a\":";
  EXPECT_EQ(ParseError(text), "JSON nesting is deeper than 64 levels");
}

TEST(JsonTest, WriteBlobAsBase64AndTimestampAsNumber) {
  Value v = Value::Object()
                .Set("blob", Blob{"hello"})
                .Set("ts", Timestamp{1767225600})
                .Set("frac", Timestamp{0.25});
  EXPECT_EQ(WriteJson(v), R"({"blob":"aGVsbG8=","ts":1767225600,"frac":0.25})");
}

TEST(JsonTest, WriteEscapesControlCharacters) {
  EXPECT_EQ(WriteJson(Value(std::string("a\x01\tb"))), R"("a\u0001\tb")");
}

// Strings without anything to escape are copied whole (checked eight bytes at a time); every
// byte value at every position of a word, in keys and values, must still come out as
// RapidJSON's own writer puts it.
TEST(JsonTest, WriteGivesRapidJsonsTextForEveryByte) {
  for (int byte = 0; byte < 256; ++byte) {
    for (size_t at : {0, 1, 3, 7, 8, 12, 15, 16}) {
      for (size_t size : {at + 1, at + 2, size_t{17}}) {
        std::string text(size, 'x');
        text[at] = static_cast<char>(byte);
        Value value =
            Value::Object().Set(text, text).Set("", "").Set("list-of-two", ValueList{text, ""});
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
        auto size32 = static_cast<rapidjson::SizeType>(text.size());
        w.StartObject();
        w.Key(text.data(), size32);
        w.String(text.data(), size32);
        w.Key("", 0);
        w.String("", 0);
        w.Key("list-of-two", 11);
        w.StartArray();
        w.String(text.data(), size32);
        w.String("", 0);
        w.EndArray();
        w.EndObject();
        ASSERT_EQ(WriteJson(value), std::string(buffer.GetString(), buffer.GetSize()))
            << "byte " << byte << " at " << at << " of " << size;
      }
    }
  }
}

TEST(JsonTest, IsValidUtf8AgreesWithTheParser) {
  for (std::string text :
       {std::string("plain"), std::string("caf\xc3\xa9"), std::string("\xff"),
        std::string("cut \xc3"), std::string("\xed\xa0\x80"), std::string("\xc0\x80"),
        std::string("nul \0 inside", 13), std::string("\xf0\x9f\x98\x80"), std::string()}) {
    Value object = Value::Object();
    object.Set("message", text);
    Result<Value> parsed = ParseJson(WriteJson(object));
    EXPECT_EQ(IsValidUtf8(text), parsed.ok()) << text;
    if (parsed.ok()) {
      EXPECT_EQ(parsed->GetString("message"), text);
    }
  }
}

}  // namespace
}  // namespace socialite
