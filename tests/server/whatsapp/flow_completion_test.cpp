#include "server/whatsapp/flow_completion.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "server/core/json.h"

namespace socialite::whatsapp {
namespace {

Value Json(const std::string& text) {
  Result<Value> parsed = ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Value();
}

// The error of CheckFlowReply, or "" when it accepted.
std::string ErrorOf(const std::string& interactive) {
  auto checked = CheckFlowReply(Json(interactive));
  if (auto* error = std::get_if<std::string>(&checked)) return *error;
  return "";
}

TEST(CheckFlowReplyTest, FillsMetasFixedNameAndBody) {
  auto checked = CheckFlowReply(
      Json(R"({"type":"nfm_reply","nfm_reply":{"response_json":"{\"flow_token\":\"t\"}"}})"));
  ASSERT_TRUE(std::holds_alternative<Value>(checked)) << std::get<std::string>(checked);
  EXPECT_EQ(WriteJson(std::get<Value>(checked)),
            R"({"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent",)"
            R"("response_json":"{\"flow_token\":\"t\"}"}})");
}

TEST(CheckFlowReplyTest, KeepsTheResponseTextAsGiven) {
  auto checked = CheckFlowReply(Json(
      R"({"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{ \"a\" : 1 }"}})"));
  ASSERT_TRUE(std::holds_alternative<Value>(checked));
  EXPECT_EQ(std::get<Value>(checked).Get("nfm_reply")->GetString("response_json"),
            R"({ "a" : 1 })");
}

TEST(CheckFlowReplyTest, RefusesWhatMetaNeverSends) {
  EXPECT_EQ(ErrorOf(R"({"type":"nfm_reply"})"), "interactive.nfm_reply must be an object");
  EXPECT_EQ(ErrorOf(R"({"type":"nfm_reply","nfm_reply":{}})"),
            "interactive.nfm_reply.response_json is required: the submitted fields as a JSON "
            "string");
  EXPECT_EQ(ErrorOf(R"({"type":"nfm_reply","nfm_reply":{"response_json":{"a":1}}})"),
            "interactive.nfm_reply.response_json is required: the submitted fields as a JSON "
            "string");
  EXPECT_EQ(ErrorOf(R"({"type":"nfm_reply","nfm_reply":{"response_json":"[]"}})"),
            "interactive.nfm_reply.response_json must be the text of a JSON object");
  EXPECT_EQ(ErrorOf(R"({"type":"nfm_reply","nfm_reply":{"response_json":"{"}})"),
            "interactive.nfm_reply.response_json must be the text of a JSON object");
  EXPECT_EQ(ErrorOf(R"({"type":"nfm_reply","nfm_reply":{"name":"x","response_json":"{}"}})"),
            "interactive.nfm_reply.name must be \"flow\" (Meta's fixed value for a flow "
            "completion)");
  EXPECT_EQ(ErrorOf(R"({"type":"nfm_reply","nfm_reply":{"body":1,"response_json":"{}"}})"),
            "interactive.nfm_reply.body must be \"Sent\" (Meta's fixed value for a flow "
            "completion)");
}

TEST(FlowReplyTest, PutsTheTokenFirstAndTheFieldsAfter) {
  Value reply = FlowReply("tok", Json(R"({"name":"Ana","size":4,"opt_in":true})"));
  EXPECT_EQ(reply.GetString("type"), "nfm_reply");
  EXPECT_EQ(reply.Get("nfm_reply")->GetString("name"), "flow");
  EXPECT_EQ(reply.Get("nfm_reply")->GetString("body"), "Sent");
  EXPECT_EQ(reply.Get("nfm_reply")->GetString("response_json"),
            R"({"flow_token":"tok","name":"Ana","size":4,"opt_in":true})");
}

TEST(FlowReplyTest, AGivenTokenWins) {
  Value reply = FlowReply("tok", Json(R"({"flow_token":"other","a":"b"})"));
  EXPECT_EQ(reply.Get("nfm_reply")->GetString("response_json"),
            R"({"flow_token":"other","a":"b"})");
}

TEST(FlowReplyTest, NoFieldsGivesTheTokenAlone) {
  Value reply = FlowReply("unused", Value::Object());
  EXPECT_EQ(reply.Get("nfm_reply")->GetString("response_json"), R"({"flow_token":"unused"})");
}

}  // namespace
}  // namespace socialite::whatsapp
