#include "server/ui/first_view.h"

#include <gtest/gtest.h>

#include <string>

namespace socialite::ui {
namespace {

Value Parse(std::string_view json) { return ParseJson(json).value(); }

const char kAccounts[] = R"({"accounts":[{"account":"000000000000","region":"us-east-1",
  "wabaId":"waba-1","metaWabaId":"390","name":"Shop","phoneNumbers":[{"phoneNumberId":
  "phone-number-id-abcdef0123","displayPhoneNumber":"+1 425-555-0100","displayName":"Shop",
  "qualityRating":"GREEN"}]}]})";

TEST(FirstViewTest, ClockTimesAreUtcAsTheScriptWritesThem) {
  EXPECT_EQ(ClockTime(0), "00:00");
  EXPECT_EQ(ClockDateTime(1767276309000), "2026-01-01 14:05:09");
  EXPECT_EQ(ClockTime(1767276309999), "14:05");
  EXPECT_EQ(ClockDateTime(-1000), "1969-12-31 23:59:59");
}

TEST(FirstViewTest, AvatarInitialUpperCasesTheFirstCharacterAfterSpaces) {
  EXPECT_EQ(AvatarInitial("diego"), "D");
  EXPECT_EQ(AvatarInitial("  élodie"), "É");
  EXPECT_EQ(AvatarInitial("\u00a0ßeta"), "SS");
  EXPECT_EQ(AvatarInitial("ωmega"), "Ω");
  EXPECT_EQ(AvatarInitial("ς"), "Σ");
  EXPECT_EQ(AvatarInitial("жанна"), "Ж");
  EXPECT_EQ(AvatarInitial("ёж"), "Ё");
  EXPECT_EQ(AvatarInitial("łukasz"), "Ł");
  EXPECT_EQ(AvatarInitial("ÿ"), "Ÿ");
  EXPECT_EQ(AvatarInitial("😀 Joy"), "😀");
  EXPECT_EQ(AvatarInitial("9lives"), "9");
  EXPECT_EQ(AvatarInitial(""), "👤");
  EXPECT_EQ(AvatarInitial(" \t "), "👤");
  EXPECT_EQ(AvatarInitial("\xff"), "\uFFFD");  // as the script shows a replaced byte
}

TEST(FirstViewTest, EncodeUriComponentKeepsWhatJavaScriptKeeps) {
  EXPECT_EQ(EncodeUriComponent("phone-number-id-0a_b.c!~*'()"), "phone-number-id-0a_b.c!~*'()");
  EXPECT_EQ(EncodeUriComponent("a b/c?d#é"), "a%20b%2Fc%3Fd%23%C3%A9");
}

TEST(FirstViewTest, ThreadsNameTheirNumberAndEscapeTheirText) {
  Value conversations = Parse(R"({"conversations":[
    {"phoneNumberId":"phone-number-id-abcdef0123","customer":"14255550100","customerName":"<b>",
     "lastActivityMs":1767276309000,"windowOpen":true,
     "lastMessage":{"direction":"outbound","preview":"a & \"b\""}},
    {"phoneNumberId":"phone-number-id-99887766554433","customer":"14255550101","customerName":null,
     "lastActivityMs":1767276309000,"windowOpen":false,
     "lastMessage":{"direction":"inbound","preview":"hi"}}]})");
  FirstView view = RenderFirstView(Parse(kAccounts), conversations, Parse(R"({"nowMillis":0})"));
  EXPECT_EQ(view.threads.find(
                "<li><a class=\"thread\" href=\"#/conversations/phone-number-id-abcdef0123/"
                "14255550100\" data-customer=\"14255550100\" "
                "data-phone-number-id=\"phone-number-id-abcdef0123\"><span class=\"avatar\" "
                "aria-hidden=\"true\">&lt;</span><span class=\"thread-main\"><span "
                "class=\"thread-top\"><span class=\"thread-name\">&lt;b&gt;</span><time "
                "class=\"thread-time\">14:05</time></span><span class=\"thread-bottom\"><span "
                "class=\"thread-preview\">↪ a &amp; &quot;b&quot;</span><span class=\"window-dot "
                "open\" title=\"Customer service window open\"></span></span><span "
                "class=\"thread-number\">to +1 425-555-0100</span></span></a></li>"),
            0u)
      << view.threads;
  // A number the accounts do not list is named by its id's first characters.
  EXPECT_NE(view.threads.find("<span class=\"thread-number\">to 99887766</span>"),
            std::string::npos);
  EXPECT_NE(view.threads.find("<span class=\"thread-name\">+14255550101</span>"),
            std::string::npos);
  EXPECT_NE(view.threads.find("aria-hidden=\"true\">👤</span>"), std::string::npos);
  EXPECT_NE(view.threads.find("<span class=\"window-dot\" title=\"Window closed\">"),
            std::string::npos);
  EXPECT_EQ(view.clock, "1970-01-01 00:00:00 UTC");
}

TEST(FirstViewTest, AccountsHaveTheAllChipThenEachWabaAndItsNumbers) {
  FirstView view =
      RenderFirstView(Parse(kAccounts), Parse(R"({"conversations":[]})"), Value::Object());
  EXPECT_EQ(view.accounts,
            "<button class=\"chip\" type=\"button\" aria-pressed=\"true\" title=\"Threads of every "
            "number\">All numbers</button><div class=\"waba\" title=\"waba-1 · 000000000000 "
            "us-east-1\"><span class=\"waba-name\">Shop</span><span class=\"waba-meta\"> us-east-1 "
            "· 390</span></div><button class=\"chip\" type=\"button\" aria-pressed=\"false\" "
            "title=\"phone-number-id-abcdef0123 (GREEN)\">+1 425-555-0100 · Shop</button>");
  EXPECT_EQ(view.threads,
            "<li class=\"empty\">No chats yet. Send a message through the API or start one "
            "here.</li>");
  EXPECT_EQ(view.clock, "");
  EXPECT_NE(view.chat_head.find("No chat open"), std::string::npos);
  EXPECT_NE(view.messages.find("class=\"placeholder\""), std::string::npos);
}

TEST(FirstViewTest, MalformedAnswersRenderAnEmptyView) {
  FirstView view =
      RenderFirstView(Value(), Parse(R"({"conversations":{"not":"a list"}})"), Value());
  EXPECT_NE(view.accounts.find("All numbers"), std::string::npos);
  EXPECT_NE(view.threads.find("No chats yet"), std::string::npos);
}

}  // namespace
}  // namespace socialite::ui
