// Status rules: the --status-delays syntax, the rules JSON and its validation, the plan of
// statuses a message goes through (default, reaction, decided failure, matching rules), and
// the RuleBook.
#include "server/events/status_rules.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/core/json.h"

namespace socialite::events {
namespace {

constexpr char kCustomer[] = "14155550100";

Value Json(const std::string& text) {
  Result<Value> parsed = ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? parsed.value() : Value();
}

std::vector<StatusRule> Rules(const std::string& json) {
  Result<std::vector<StatusRule>> rules = ParseStatusRules(Json(json));
  EXPECT_TRUE(rules.ok()) << (rules.ok() ? "" : rules.error().message);
  return rules.ok() ? rules.value() : std::vector<StatusRule>{};
}

// The error message ParseStatusRules gives for `json` ("" when it parses).
std::string RulesError(const std::string& json) {
  Result<std::vector<StatusRule>> rules = ParseStatusRules(Json(json));
  if (rules.ok()) return "";
  EXPECT_EQ(rules.error().code, ErrorCode::kInvalidParameters);
  return rules.error().message;
}

std::string DelaysError(const std::string& text) {
  Result<StatusDelays> delays = ParseStatusDelays(text);
  if (delays.ok()) return "";
  EXPECT_EQ(delays.error().code, ErrorCode::kInvalidParameters);
  return delays.error().message;
}

// "status@offset" for each planned status, e.g. "sent@100".
std::vector<std::string> Steps(const std::vector<PlannedStatus>& plan) {
  std::vector<std::string> steps;
  for (const auto& p : plan) steps.push_back(p.status + "@" + std::to_string(p.offset_ms));
  return steps;
}

std::vector<std::string> Plan(const std::string& wa_id, const std::string& type,
                              const std::string& template_name, const std::string& rules_json,
                              const StatusDelays& delays = {}) {
  return Steps(PlanStatuses(wa_id, type, template_name, std::nullopt, Rules(rules_json), delays));
}

using Strings = std::vector<std::string>;

// --- ParseStatusDelays ---

TEST(ParseStatusDelaysTest, DefaultsAreSentDeliveredReadAt100And500And2000Ms) {
  StatusDelays delays;
  EXPECT_EQ(delays.sent_ms, 100);
  EXPECT_EQ(delays.delivered_ms, 500);
  EXPECT_EQ(delays.read_ms, 2000);
}

TEST(ParseStatusDelaysTest, AllThreeInSeconds) {
  Result<StatusDelays> delays = ParseStatusDelays("sent=0.25,delivered=1.5,read=30");
  ASSERT_TRUE(delays.ok()) << delays.error().message;
  EXPECT_EQ(delays->sent_ms, 250);
  EXPECT_EQ(delays->delivered_ms, 1500);
  EXPECT_EQ(delays->read_ms, 30000);
}

TEST(ParseStatusDelaysTest, ASubsetKeepsTheOtherDefaults) {
  Result<StatusDelays> delays = ParseStatusDelays("read=10");
  ASSERT_TRUE(delays.ok()) << delays.error().message;
  EXPECT_EQ(delays->sent_ms, 100);
  EXPECT_EQ(delays->delivered_ms, 500);
  EXPECT_EQ(delays->read_ms, 10000);
}

TEST(ParseStatusDelaysTest, AnyOrderAndZero) {
  Result<StatusDelays> delays = ParseStatusDelays("read=3,sent=0");
  ASSERT_TRUE(delays.ok()) << delays.error().message;
  EXPECT_EQ(delays->sent_ms, 0);
  EXPECT_EQ(delays->delivered_ms, 500);
  EXPECT_EQ(delays->read_ms, 3000);
}

TEST(ParseStatusDelaysTest, EmptyTextIsTheDefaults) {
  Result<StatusDelays> delays = ParseStatusDelays("");
  ASSERT_TRUE(delays.ok()) << delays.error().message;
  EXPECT_EQ(delays->sent_ms, 100);
  EXPECT_EQ(delays->delivered_ms, 500);
  EXPECT_EQ(delays->read_ms, 2000);
}

TEST(ParseStatusDelaysTest, OneDayIsTheMaximum) {
  Result<StatusDelays> delays = ParseStatusDelays("read=86400");
  ASSERT_TRUE(delays.ok()) << delays.error().message;
  EXPECT_EQ(delays->read_ms, 86400000);
  EXPECT_EQ(DelaysError("read=86400.5"),
            "status delays: 'read=86400.5' needs seconds from 0 to 86400");
}

TEST(ParseStatusDelaysTest, UnknownStatusName) {
  EXPECT_EQ(DelaysError("sent=1,failed=2"),
            "status delays: unknown status 'failed'; use sent, delivered, read");
}

TEST(ParseStatusDelaysTest, ItemWithoutEqualsSign) {
  EXPECT_EQ(DelaysError("sent"), "status delays: expected NAME=SECONDS, got 'sent'");
}

TEST(ParseStatusDelaysTest, EmptyItemBetweenCommas) {
  EXPECT_EQ(DelaysError("sent=1,,read=2"), "status delays: expected NAME=SECONDS, got ''");
}

TEST(ParseStatusDelaysTest, NonNumericSeconds) {
  EXPECT_EQ(DelaysError("delivered=soon"),
            "status delays: 'delivered=soon' needs seconds from 0 to 86400");
}

TEST(ParseStatusDelaysTest, TrailingUnitIsRejected) {
  EXPECT_EQ(DelaysError("sent=1s"), "status delays: 'sent=1s' needs seconds from 0 to 86400");
}

TEST(ParseStatusDelaysTest, NegativeSecondsAreRejected) {
  EXPECT_EQ(DelaysError("sent=-1"), "status delays: 'sent=-1' needs seconds from 0 to 86400");
}

TEST(ParseStatusDelaysTest, EmptySecondsAreRejected) {
  EXPECT_EQ(DelaysError("sent="), "status delays: 'sent=' needs seconds from 0 to 86400");
}

TEST(ParseStatusDelaysTest, NotANumberIsRejected) {
  EXPECT_EQ(DelaysError("sent=nan"), "status delays: 'sent=nan' needs seconds from 0 to 86400");
}

TEST(ParseStatusDelaysTest, InfinityIsRejected) {
  EXPECT_EQ(DelaysError("read=inf"), "status delays: 'read=inf' needs seconds from 0 to 86400");
}

// --- ParseStatusRules ---

TEST(ParseStatusRulesTest, FullRule) {
  std::vector<StatusRule> rules =
      Rules(R"([{"name":"slow","recipient":"+44*","type":"template","template":"order_*",)"
            R"("statuses":["sent","delivered"]}])");
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].name, "slow");
  EXPECT_EQ(rules[0].recipient, "+44*");
  EXPECT_EQ(rules[0].type, "template");
  EXPECT_EQ(rules[0].template_name, "order_*");
  EXPECT_EQ(rules[0].statuses, (Strings{"sent", "delivered"}));
  EXPECT_EQ(rules[0].failed_code, std::nullopt);
}

TEST(ParseStatusRulesTest, OmittedFieldsMatchEverythingAndNameFollowsThePosition) {
  std::vector<StatusRule> rules = Rules(R"([{"statuses":["sent"]},{"failed":131026}])");
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[1].name, "rules[1]");
  EXPECT_EQ(rules[1].recipient, "*");
  EXPECT_EQ(rules[1].type, "*");
  EXPECT_EQ(rules[1].template_name, "*");
  EXPECT_TRUE(rules[1].statuses.empty());
  EXPECT_EQ(rules[1].failed_code, 131026);
}

TEST(ParseStatusRulesTest, EveryKnownStatusIsAccepted) {
  std::vector<StatusRule> rules =
      Rules(R"([{"statuses":["sent","delivered","read","warning","deleted"]}])");
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].statuses, (Strings{"sent", "delivered", "read", "warning", "deleted"}));
}

TEST(ParseStatusRulesTest, EmptyListIsNoRules) { EXPECT_TRUE(Rules("[]").empty()); }

TEST(ParseStatusRulesTest, NotAList) {
  EXPECT_EQ(RulesError(R"({"statuses":["sent"]})"), "rules must be a JSON list");
}

TEST(ParseStatusRulesTest, ItemNotAnObject) {
  EXPECT_EQ(RulesError(R"([{"statuses":["sent"]},"sent"])"), "rules[1] must be an object");
}

TEST(ParseStatusRulesTest, NeitherStatusesNorFailed) {
  EXPECT_EQ(RulesError(R"([{"name":"x"}])"),
            "rules[0] needs \"statuses\", \"failed\" or a realism field (duplicate, "
            "delaySeconds, reorderWindowSeconds)");
}

TEST(ParseStatusRulesTest, BothStatusesAndFailed) {
  EXPECT_EQ(RulesError(R"([{"statuses":["sent"],"failed":131026}])"),
            "rules[0] takes \"statuses\" or \"failed\", not both");
}

TEST(ParseStatusRulesTest, FailedAsAStringIsNotACode) {
  EXPECT_EQ(RulesError(R"([{"failed":"131026"}])"), "rules[0].failed must be a Meta error code");
}

TEST(ParseStatusRulesTest, FailedZero) {
  EXPECT_EQ(RulesError(R"([{"failed":0}])"), "rules[0].failed must be a Meta error code");
}

TEST(ParseStatusRulesTest, FailedNegative) {
  EXPECT_EQ(RulesError(R"([{"failed":-131026}])"), "rules[0].failed must be a Meta error code");
}

TEST(ParseStatusRulesTest, FailedTooLarge) {
  EXPECT_EQ(RulesError(R"([{"failed":100000000}])"), "rules[0].failed must be a Meta error code");
  EXPECT_EQ(RulesError(R"([{"failed":99999999}])"), "");
}

TEST(ParseStatusRulesTest, StatusesNotAList) {
  EXPECT_EQ(RulesError(R"([{"statuses":"sent"}])"), "rules[0].statuses must be a list");
}

TEST(ParseStatusRulesTest, UnknownStatus) {
  EXPECT_EQ(RulesError(R"([{"statuses":["sent","failed"]}])"),
            "rules[0].statuses takes sent, delivered, read, played, warning, deleted");
}

TEST(ParseStatusRulesTest, NonStringStatus) {
  EXPECT_EQ(RulesError(R"([{"statuses":[1]}])"),
            "rules[0].statuses takes sent, delivered, read, played, warning, deleted");
}

TEST(ParseStatusRulesTest, ToValueWritesEveryFieldAndRoundTrips) {
  std::vector<StatusRule> rules =
      Rules(R"([{"name":"a","recipient":"+1*","statuses":["sent"]},{"failed":131026}])");
  Value value = StatusRulesToValue(rules);
  EXPECT_EQ(WriteJson(value),
            R"([{"name":"a","recipient":"+1*","type":"*","template":"*","statuses":["sent"]},)"
            R"({"name":"rules[1]","recipient":"*","type":"*","template":"*","failed":131026}])");
  Result<std::vector<StatusRule>> again = ParseStatusRules(value);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(WriteJson(StatusRulesToValue(again.value())), WriteJson(value));
}

// --- PlanStatuses ---

TEST(PlanStatusesTest, DefaultIsSentDeliveredReadAtTheDefaultDelays) {
  EXPECT_EQ(Plan(kCustomer, "text", "", "[]"), (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST(PlanStatusesTest, DefaultFollowsTheConfiguredDelays) {
  StatusDelays delays{0, 1000, 60000};
  EXPECT_EQ(Plan(kCustomer, "template", "order_update", "[]", delays),
            (Strings{"sent@0", "delivered@1000", "read@60000"}));
}

TEST(PlanStatusesTest, DefaultPlanCarriesNoErrors) {
  std::vector<PlannedStatus> plan = PlanStatuses(kCustomer, "text", "", std::nullopt, {}, {});
  ASSERT_EQ(plan.size(), 3u);
  for (const auto& p : plan) EXPECT_FALSE(p.error.has_value()) << p.status;
}

// Meta: "If a message is delivered and read at the same time, no delivered webhook is sent"
// (whatsapp-facts §3.1): with equal delivered and read delays, only sent and read.
TEST(PlanStatusesTest, DeliveredAndReadAtTheSameTimeIsOnlyRead) {
  EXPECT_EQ(Plan(kCustomer, "text", "", "[]", StatusDelays{100, 2000, 2000}),
            (Strings{"sent@100", "read@2000"}));
}

TEST(PlanStatusesTest, ReactionOnlyGetsSent) {
  EXPECT_EQ(Plan(kCustomer, "reaction", "", "[]"), (Strings{"sent@100"}));
}

TEST(PlanStatusesTest, DecidedFailureIsOneFailedStatusAtTheSentDelay) {
  std::optional<whatsapp::MetaError> decided =
      whatsapp::MakeMetaError(131047, "More than 24 hours have passed");
  std::vector<PlannedStatus> plan =
      PlanStatuses(kCustomer, "text", "", decided, {}, StatusDelays{250, 500, 2000});
  ASSERT_EQ(Steps(plan), (Strings{"failed@250"}));
  ASSERT_TRUE(plan[0].error.has_value());
  EXPECT_EQ(plan[0].error->code, 131047);
  EXPECT_EQ(plan[0].error->title, "Re-engagement message");
  EXPECT_EQ(plan[0].error->details, "More than 24 hours have passed");
}

TEST(PlanStatusesTest, DecidedFailureWinsOverAMatchingRule) {
  std::vector<PlannedStatus> plan =
      PlanStatuses(kCustomer, "text", "", whatsapp::MakeMetaError(131047, ""),
                   Rules(R"([{"statuses":["sent","delivered"]}])"), {});
  ASSERT_EQ(Steps(plan), (Strings{"failed@100"}));
  EXPECT_EQ(plan[0].error->code, 131047);
}

TEST(PlanStatusesTest, DecidedFailureWinsOverAFailedRule) {
  std::vector<PlannedStatus> plan =
      PlanStatuses(kCustomer, "text", "", whatsapp::MakeMetaError(131047, ""),
                   Rules(R"([{"failed":131026}])"), {});
  ASSERT_EQ(Steps(plan), (Strings{"failed@100"}));
  EXPECT_EQ(plan[0].error->code, 131047);
}

TEST(PlanStatusesTest, FirstMatchingRuleWins) {
  EXPECT_EQ(Plan(kCustomer, "text", "",
                 R"([{"recipient":"44*","statuses":["read"]},)"
                 R"({"type":"text","statuses":["sent","delivered"]},)"
                 R"({"statuses":["sent"]}])"),
            (Strings{"sent@100", "delivered@500"}));
}

TEST(PlanStatusesTest, NoMatchingRuleFallsBackToTheDefault) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"type":"image","statuses":["sent"]}])"),
            (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST(PlanStatusesTest, RecipientGlobWithoutPlus) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"recipient":"1415*","statuses":["sent"]}])"),
            (Strings{"sent@100"}));
}

TEST(PlanStatusesTest, RecipientGlobWithPlus) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"recipient":"+1415*","statuses":["sent"]}])"),
            (Strings{"sent@100"}));
}

TEST(PlanStatusesTest, RecipientGlobExactNumberWithPlus) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"recipient":"+14155550100","statuses":["sent"]}])"),
            (Strings{"sent@100"}));
}

TEST(PlanStatusesTest, RecipientGlobQuestionMarks) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"recipient":"1415555010?","statuses":["sent"]}])"),
            (Strings{"sent@100"}));
}

TEST(PlanStatusesTest, RecipientGlobOfAnotherCountryDoesNotMatch) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"recipient":"+44*","statuses":["sent"]}])"),
            (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST(PlanStatusesTest, RecipientGlobIsWholeString) {
  // "1415" alone is a prefix, not a match.
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"recipient":"1415","statuses":["sent"]}])"),
            (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST(PlanStatusesTest, TypeGlobMatches) {
  EXPECT_EQ(Plan(kCustomer, "interactive", "", R"([{"type":"inter*","statuses":["sent"]}])"),
            (Strings{"sent@100"}));
}

TEST(PlanStatusesTest, TypeGlobOtherTypeDoesNotMatch) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"type":"image","statuses":["sent"]}])"),
            (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST(PlanStatusesTest, TemplateGlobMatchesTheTemplateName) {
  EXPECT_EQ(Plan(kCustomer, "template", "order_update",
                 R"([{"template":"order_*","statuses":["sent"]}])"),
            (Strings{"sent@100"}));
}

TEST(PlanStatusesTest, TemplateGlobOtherTemplateDoesNotMatch) {
  EXPECT_EQ(
      Plan(kCustomer, "template", "welcome", R"([{"template":"order_*","statuses":["sent"]}])"),
      (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST(PlanStatusesTest, TemplateGlobDoesNotMatchANonTemplate) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"template":"order_*","statuses":["sent"]}])"),
            (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST(PlanStatusesTest, AllGlobsMustMatch) {
  EXPECT_EQ(Plan(kCustomer, "template", "order_update",
                 R"([{"recipient":"+1*","type":"text","template":"order_*","statuses":["sent"]}])"),
            (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST(PlanStatusesTest, FailedRuleIsOneFailedStatusWithMetasTitle) {
  std::vector<PlannedStatus> plan = PlanStatuses(kCustomer, "text", "", std::nullopt,
                                                 Rules(R"([{"failed":131026}])"), {300, 500, 2000});
  ASSERT_EQ(Steps(plan), (Strings{"failed@300"}));
  ASSERT_TRUE(plan[0].error.has_value());
  EXPECT_EQ(plan[0].error->code, 131026);
  EXPECT_EQ(plan[0].error->title, "Message Undeliverable");
  EXPECT_EQ(plan[0].error->details, "");
}

TEST(PlanStatusesTest, RuleStatusesKeepTheirOrderAndTakeTheDelaysByPosition) {
  // The n-th status of a rule happens at the n-th step: sent, delivered, read delays, then one
  // second apart.
  EXPECT_EQ(Plan(kCustomer, "text", "",
                 R"([{"statuses":["delivered","sent","read","warning","deleted"]}])",
                 StatusDelays{10, 20, 30}),
            (Strings{"delivered@10", "sent@20", "read@30", "warning@1030", "deleted@2030"}));
}

TEST(PlanStatusesTest, RuleWithSentAndReadSkipsDelivered) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"statuses":["sent","read"]}])"),
            (Strings{"sent@100", "read@500"}));
}

TEST(PlanStatusesTest, RuleWithNoStatusesPlansNothing) {
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"statuses":[]}])"), (Strings{}));
}

TEST(PlanStatusesTest, MatchingRuleAppliesToReactionsToo) {
  EXPECT_EQ(Plan(kCustomer, "reaction", "", R"([{"type":"reaction","statuses":["sent","read"]}])"),
            (Strings{"sent@100", "read@500"}));
}

// --- RuleBook ---

TEST(RuleBookTest, StartsEmpty) {
  RuleBook book;
  EXPECT_TRUE(book.Get().empty());
}

TEST(RuleBookTest, SetReplacesTheRules) {
  RuleBook book;
  book.Set(Rules(R"([{"statuses":["sent"]},{"failed":131026}])"));
  book.Set(Rules(R"([{"name":"only","failed":131049}])"));
  std::vector<StatusRule> rules = book.Get();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].name, "only");
  EXPECT_EQ(rules[0].failed_code, 131049);
}

TEST(RuleBookTest, ConcurrentSetAndGetSeeWholeRuleLists) {
  RuleBook book;
  std::vector<StatusRule> one = Rules(R"([{"statuses":["sent"]}])");
  std::vector<StatusRule> three = Rules(R"([{"failed":1},{"failed":2},{"failed":3}])");
  std::thread writer([&] {
    for (int i = 0; i < 2000; ++i) book.Set(i % 2 ? one : three);
  });
  bool torn = false;
  for (int i = 0; i < 2000; ++i) {
    size_t size = book.Get().size();
    if (size != 0 && size != 1 && size != 3) torn = true;
  }
  writer.join();
  EXPECT_FALSE(torn);
}

// --- Delivery realism ---

// "status@happens>delivered+copies" for each planned status, e.g. "sent@100>1100+1".
std::vector<std::string> Deliveries(const std::vector<PlannedStatus>& plan) {
  std::vector<std::string> out;
  for (const auto& p : plan) {
    out.push_back(p.status + "@" + std::to_string(p.offset_ms) + ">" +
                  std::to_string(p.deliver_offset_ms) + "+" + std::to_string(p.copies));
  }
  return out;
}

std::vector<std::string> Delivered(
    const std::string& rules_json, const std::string& type = "text",
    const std::optional<whatsapp::MetaError>& decided = std::nullopt) {
  return Deliveries(PlanStatuses(kCustomer, type, "", decided, Rules(rules_json), {}));
}

TEST(DeliveryRealismTest, WithoutRealismStatusesAreDeliveredWhenTheyHappen) {
  EXPECT_EQ(Delivered(R"([])"),
            (Strings{"sent@100>100+0", "delivered@500>500+0", "read@2000>2000+0"}));
}

TEST(DeliveryRealismTest, RealismOnlyRuleKeepsTheDefaultStatuses) {
  EXPECT_EQ(Delivered(R"([{"duplicate":1}])"),
            (Strings{"sent@100>100+1", "delivered@500>500+1", "read@2000>2000+1"}));
}

TEST(DeliveryRealismTest, DuplicatePerStatus) {
  EXPECT_EQ(Delivered(R"([{"duplicate":{"delivered":2}}])"),
            (Strings{"sent@100>100+0", "delivered@500>500+2", "read@2000>2000+0"}));
}

TEST(DeliveryRealismTest, DelayKeepsWhenItHappenedAndDeliversLater) {
  EXPECT_EQ(Delivered(R"([{"delaySeconds":{"sent":3,"*":0.25}}])"),
            (Strings{"sent@100>3100+0", "delivered@500>750+0", "read@2000>2250+0"}));
}

TEST(DeliveryRealismTest, ReorderWindowDeliversNewestFirstWhenItCloses) {
  // sent (0.1 s) and delivered (0.5 s) fall in the window [0.1 s, 1.1 s); read does not.
  EXPECT_EQ(Delivered(R"([{"reorderWindowSeconds":1}])"),
            (Strings{"sent@100>1101+0", "delivered@500>1100+0", "read@2000>2000+0"}));
}

TEST(DeliveryRealismTest, WideReorderWindowReversesAllThree) {
  EXPECT_EQ(Delivered(R"([{"reorderWindowSeconds":5,"duplicate":{"read":1}}])"),
            (Strings{"sent@100>5102+0", "delivered@500>5101+0", "read@2000>5100+1"}));
}

TEST(DeliveryRealismTest, DecidedFailureStillGetsTheMatchingRulesRealism) {
  EXPECT_EQ(Delivered(R"([{"type":"text","statuses":["sent"],"duplicate":1}])", "text",
                      whatsapp::MakeMetaError(131047, "")),
            (Strings{"failed@100>100+1"}));
}

TEST(DeliveryRealismTest, DuplicateGapIsCarried) {
  auto plan = PlanStatuses(kCustomer, "text", "", std::nullopt,
                           Rules(R"([{"duplicate":1,"duplicateAfterSeconds":2.5}])"), {});
  ASSERT_FALSE(plan.empty());
  EXPECT_EQ(plan[0].copy_gap_ms, 2500);
}

TEST(DeliveryRealismTest, PlayedOnlyForAudio) {
  EXPECT_EQ(Plan(kCustomer, "audio", "", R"([{"statuses":["sent","delivered","read","played"]}])"),
            (Strings{"sent@100", "delivered@500", "read@2000", "played@3000"}));
  EXPECT_EQ(Plan(kCustomer, "text", "", R"([{"statuses":["sent","delivered","read","played"]}])"),
            (Strings{"sent@100", "delivered@500", "read@2000"}));
}

TEST(DeliveryRealismTest, BadRealismFieldsAreRefused) {
  EXPECT_EQ(RulesError(R"([{"duplicate":11}])"),
            "rules[0].duplicate must be a count of extra deliveries from 0 to 10");
  EXPECT_EQ(RulesError(R"([{"duplicate":{"seen":1}}])"),
            "rules[0].duplicate has an unknown status 'seen'");
  EXPECT_EQ(RulesError(R"([{"delaySeconds":-1}])"),
            "rules[0].delaySeconds must be seconds from 0 to 86400");
  EXPECT_EQ(RulesError(R"([{"delaySeconds":{"read":"2"}}])"),
            "rules[0].delaySeconds.read must be seconds from 0 to 86400");
  EXPECT_EQ(RulesError(R"([{"reorderWindowSeconds":0}])"),
            "rules[0].reorderWindowSeconds must be seconds from above 0 to 86400");
  EXPECT_EQ(RulesError(R"([{"duplicateAfterSeconds":90000,"duplicate":1}])"),
            "rules[0].duplicateAfterSeconds must be seconds from 0 to 86400");
}

TEST(DeliveryRealismTest, ToValueRoundTripsTheRealismFields) {
  const char* json = R"([{"name":"r","recipient":"*","type":"*","template":"*","duplicate":1,)"
                     R"("duplicateAfterSeconds":2.5,"delaySeconds":{"read":3,"sent":0.5},)"
                     R"("reorderWindowSeconds":1}])";
  Value value = StatusRulesToValue(Rules(json));
  EXPECT_EQ(WriteJson(value), json);
  EXPECT_EQ(WriteJson(StatusRulesToValue(Rules(WriteJson(value)))), json);
}

}  // namespace
}  // namespace socialite::events
