#include "server/whatsapp/flow_send_rules.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace socialite::whatsapp {
namespace {

// The code of the verdict, 0 when the send may go ahead.
int CodeOf(const std::string& status, const std::string& mode, int64_t recent = 0) {
  std::optional<MetaError> verdict = FlowSendVerdict("42", status, mode, recent, "here");
  return verdict ? verdict->code : 0;
}

TEST(FlowSendVerdictTest, DraftFlowsOpenOnlyInDraftMode) {
  EXPECT_EQ(CodeOf("DRAFT", "draft"), 0);
  EXPECT_EQ(CodeOf("DRAFT", "published"), 131009);
}

TEST(FlowSendVerdictTest, PublishedFlowsOpenOnlyInPublishedMode) {
  EXPECT_EQ(CodeOf("PUBLISHED", "published"), 0);
  EXPECT_EQ(CodeOf("PUBLISHED", "draft"), 131009);
  // Meta counts no cap on a healthy flow.
  EXPECT_EQ(CodeOf("PUBLISHED", "published", 1000), 0);
}

TEST(FlowSendVerdictTest, ThrottledFlowsTakeTenAnHour) {
  EXPECT_EQ(CodeOf("THROTTLED", "published", 0), 0);
  EXPECT_EQ(CodeOf("THROTTLED", "published", 9), 0);
  EXPECT_EQ(CodeOf("THROTTLED", "published", 10), 132069);
  EXPECT_EQ(CodeOf("THROTTLED", "draft", 0), 131009);
}

TEST(FlowSendVerdictTest, BlockedAndDeprecatedFlowsNeverOpen) {
  EXPECT_EQ(CodeOf("BLOCKED", "published"), 132068);
  EXPECT_EQ(CodeOf("BLOCKED", "draft"), 132068);
  EXPECT_EQ(CodeOf("DEPRECATED", "published"), 131009);
  EXPECT_EQ(CodeOf("DEPRECATED", "draft"), 131009);
  EXPECT_EQ(CodeOf("SOMETHING_NEW", "published"), 131009);
}

TEST(FlowSendVerdictTest, DetailsNameTheMemberTheFlowAndItsStatus) {
  std::optional<MetaError> draft =
      FlowSendVerdict("42", "DRAFT", "published", 0, "interactive.action.parameters");
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->Message(),
            "(#131009) Parameter value is not valid: interactive.action.parameters: flow 42 is "
            "DRAFT; a draft flow can only be sent with mode \"draft\"");
  std::optional<MetaError> throttled = FlowSendVerdict("42", "THROTTLED", "published", 12, "b");
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->Message(),
            "(#132069) Flow is throttled: b: flow 42 is THROTTLED and was sent 12 times in the "
            "last hour; the limit is 10");
}

TEST(FlowSendVerdictTest, UnknownFlowIs131009NamingTheReference) {
  EXPECT_EQ(UnknownFlow("interactive.action.parameters.flow_id", "77").Message(),
            "(#131009) Parameter value is not valid: interactive.action.parameters.flow_id 77 "
            "matches no flow of this WhatsApp Business Account");
}

}  // namespace
}  // namespace socialite::whatsapp
