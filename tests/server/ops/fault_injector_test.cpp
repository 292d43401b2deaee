// Fault rules: validation against the spec, decision order, next-N retirement, probability
// and latency.
#include "server/ops/fault_injector.h"

#include <gtest/gtest.h>

#include <string>

#include "server/core/json.h"
#include "server/spec/spec_types.h"

namespace socialite::ops {
namespace {

const spec::Operation& Op(const std::string& name) {
  const spec::Operation* operation = spec::Service().FindOperation(name);
  EXPECT_NE(operation, nullptr) << name;
  return *operation;
}

Value Parse(const std::string& json) {
  Result<Value> value = ParseJson(json);
  EXPECT_TRUE(value.ok()) << json;
  return value.ok() ? *value : Value();
}

// The message Replace answers for `json` ("" when it is accepted).
std::string Refusal(FaultInjector& faults, const std::string& json) {
  Status status = faults.Replace(Parse(json));
  if (status.ok()) return "";
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidParameters);
  return status.error().message;
}

TEST(FaultInjectorTest, KnowsTheServiceErrorsByWireName) {
  EXPECT_EQ(ErrorCodeByName("ThrottledRequestException"), ErrorCode::kThrottledRequest);
  EXPECT_EQ(ErrorCodeByName("InternalServiceException"), ErrorCode::kInternalService);
  EXPECT_EQ(ErrorCodeByName("DependencyException"), ErrorCode::kDependency);
  EXPECT_EQ(ErrorCodeByName("AccessDeniedByMetaException"), ErrorCode::kAccessDeniedByMeta);
  EXPECT_EQ(ErrorCodeByName("AccessDeniedException"), ErrorCode::kAccessDenied);
  EXPECT_EQ(ErrorCodeByName("LimitExceededException"), ErrorCode::kLimitExceeded);
  EXPECT_EQ(ErrorCodeByName("InvalidParametersException"), ErrorCode::kInvalidParameters);
  EXPECT_EQ(ErrorCodeByName("ResourceNotFoundException"), ErrorCode::kResourceNotFound);
  EXPECT_EQ(ErrorCodeByName("ValidationException"), ErrorCode::kValidation);
  EXPECT_EQ(ErrorCodeByName("Throttled"), std::nullopt);
  EXPECT_EQ(ErrorCodeByName("throttledrequestexception"), std::nullopt);
  EXPECT_EQ(ErrorCodeByName("SerializationException"), std::nullopt);  // protocol level
}

TEST(FaultInjectorTest, ReplaceAssignsIdsAndShowsTheRules) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"({"rules":[
      {"operation":"GetLinkedWhatsAppBusinessAccount","nextCalls":2,
       "error":"ThrottledRequestException"},
      {"operation":"List*","probability":0.25,"error":"InternalServiceException",
       "message":"try again"},
      {"latencyMs":300}]})"),
            "");
  EXPECT_EQ(WriteJson(faults.ToValue()),
            R"({"rules":[)"
            R"({"id":"fault-1","operation":"GetLinkedWhatsAppBusinessAccount","nextCalls":2,)"
            R"("remainingCalls":2,"error":"ThrottledRequestException",)"
            R"("message":"Injected fault: ThrottledRequestException","latencyMs":0,"fired":0},)"
            R"({"id":"fault-2","operation":"List*","probability":0.25,)"
            R"("error":"InternalServiceException","message":"try again","latencyMs":0,)"
            R"("fired":0},)"
            R"({"id":"fault-3","operation":"*","latencyMs":300,"fired":0}]})");
}

TEST(FaultInjectorTest, AcceptsABareListAndNumbersIdsPerReplace) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"([{"error":"ThrottledRequestException"}])"), "");
  ASSERT_EQ(Refusal(faults, R"([{"error":"ValidationException"},{"latencyMs":5}])"), "");
  Value shown = faults.ToValue();
  const Value& rules = *shown.Get("rules");
  ASSERT_EQ(rules.AsList().size(), 2u);
  EXPECT_EQ(rules.AsList()[0].GetString("id"), "fault-1");
  EXPECT_EQ(rules.AsList()[1].GetString("id"), "fault-2");
}

TEST(FaultInjectorTest, WhatGetShowsCanBePutBack) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"([{"nextCalls":3,"error":"ThrottledRequestException"}])"), "");
  faults.Decide(Op("TagResource"));
  Value shown = faults.ToValue();
  ASSERT_EQ(Refusal(faults, WriteJson(shown)), "");
  EXPECT_EQ(faults.ToValue().Get("rules")->AsList()[0].GetInt("remainingCalls"), 3);
}

TEST(FaultInjectorTest, RefusesAnErrorTheOperationDoesNotList) {
  FaultInjector faults(spec::Service(), 1);
  EXPECT_EQ(Refusal(faults, R"({"rules":[{"operation":"ListTagsForResource",
                                          "error":"ResourceNotFoundException"}]})"),
            "Fault rule 1: ListTagsForResource does not answer ResourceNotFoundException (its "
            "errors: ValidationException, AccessDeniedException, InvalidParametersException, "
            "ThrottledRequestException, InternalServiceException)");
}

TEST(FaultInjectorTest, EveryOperationTheGlobMatchesMustListTheError) {
  FaultInjector faults(spec::Service(), 1);
  // Every operation answers throttling; not every one answers InternalServiceException.
  EXPECT_EQ(Refusal(faults, R"([{"operation":"*","error":"ThrottledRequestException"}])"), "");
  EXPECT_EQ(Refusal(faults, R"([{"latencyMs":1},{"operation":"*",
                                  "error":"InternalServiceException"}])"),
            "Fault rule 2: AssociateWhatsAppBusinessAccount does not answer "
            "InternalServiceException (its errors: ValidationException, LimitExceededException, "
            "AccessDeniedException, InvalidParametersException, ThrottledRequestException, "
            "DependencyException)");
  EXPECT_EQ(Refusal(faults, R"([{"operation":"*Tag*","error":"AccessDeniedByMetaException"}])"),
            "Fault rule 1: ListTagsForResource does not answer AccessDeniedByMetaException (its "
            "errors: ValidationException, AccessDeniedException, InvalidParametersException, "
            "ThrottledRequestException, InternalServiceException)");
}

TEST(FaultInjectorTest, ValidationMessages) {
  FaultInjector faults(spec::Service(), 1);
  const std::string kNames =
      "ThrottledRequestException, InternalServiceException, DependencyException, "
      "AccessDeniedByMetaException, AccessDeniedException, LimitExceededException, "
      "InvalidParametersException, ResourceNotFoundException, ValidationException, "
      "ConflictException";
  EXPECT_EQ(Refusal(faults, R"({"faults":[]})"),
            R"(The body must be {"rules":[...]} or a list of rules)");
  EXPECT_EQ(Refusal(faults, R"({"rules":{}})"),
            R"(The body must be {"rules":[...]} or a list of rules)");
  EXPECT_EQ(Refusal(faults, R"([7])"), "Fault rule 1 must be a JSON object");
  EXPECT_EQ(Refusal(faults, R"([{"error":"ThrottledRequestException","next_calls":2}])"),
            "Fault rule 1 has an unknown member 'next_calls' (known: operation, probability, "
            "nextCalls, error, message, latencyMs)");
  EXPECT_EQ(Refusal(faults, R"([{"operation":"","latencyMs":1}])"),
            "Fault rule 1: operation must be a non-empty string (a glob)");
  EXPECT_EQ(Refusal(faults, R"([{"operation":"SendMessage","latencyMs":1}])"),
            "Fault rule 1: operation 'SendMessage' matches no operation");
  EXPECT_EQ(Refusal(faults, R"([{"operation":"sendwhatsappmessage","latencyMs":1}])"),
            "Fault rule 1: operation 'sendwhatsappmessage' matches no operation");
  EXPECT_EQ(Refusal(faults, R"([{"probability":0.5,"nextCalls":1,"latencyMs":1}])"),
            "Fault rule 1: give probability or nextCalls, not both");
  EXPECT_EQ(Refusal(faults, R"([{"probability":1.5,"latencyMs":1}])"),
            "Fault rule 1: probability must be a number from 0 to 1");
  EXPECT_EQ(Refusal(faults, R"([{"probability":"0.5","latencyMs":1}])"),
            "Fault rule 1: probability must be a number from 0 to 1");
  EXPECT_EQ(Refusal(faults, R"([{"nextCalls":0,"latencyMs":1}])"),
            "Fault rule 1: nextCalls must be a whole number of at least 1");
  EXPECT_EQ(Refusal(faults, R"([{"nextCalls":1.5,"latencyMs":1}])"),
            "Fault rule 1: nextCalls must be a whole number of at least 1");
  EXPECT_EQ(Refusal(faults, R"([{"latencyMs":60001}])"),
            "Fault rule 1: latencyMs must be a number from 0 to 60000");
  EXPECT_EQ(Refusal(faults, R"([{"latencyMs":-1}])"),
            "Fault rule 1: latencyMs must be a number from 0 to 60000");
  EXPECT_EQ(Refusal(faults, R"([{"error":"Throttled"}])"),
            "Fault rule 1: error 'Throttled' is not one of " + kNames);
  EXPECT_EQ(Refusal(faults, R"([{"error":429}])"),
            "Fault rule 1: error must be an error name, one of " + kNames);
  EXPECT_EQ(Refusal(faults, R"([{"latencyMs":5,"message":"slow"}])"),
            "Fault rule 1: message needs an error");
  EXPECT_EQ(Refusal(faults, R"([{"error":"ValidationException","message":7}])"),
            "Fault rule 1: message must be a string");
  EXPECT_EQ(Refusal(faults, R"([{"operation":"*"}])"),
            "Fault rule 1 needs an error, a latencyMs above 0, or both");
  EXPECT_EQ(Refusal(faults, R"([{"latencyMs":0}])"),
            "Fault rule 1 needs an error, a latencyMs above 0, or both");
}

TEST(FaultInjectorTest, ARefusedReplaceKeepsTheRulesInForce) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"([{"error":"ThrottledRequestException"}])"), "");
  EXPECT_NE(Refusal(faults, R"([{"latencyMs":1},{"error":"Nope"}])"), "");
  ASSERT_EQ(faults.ToValue().Get("rules")->AsList().size(), 1u);
  EXPECT_TRUE(faults.Decide(Op("TagResource")).error.has_value());
}

TEST(FaultInjectorTest, NextCallsRulesRetireWhenUsedUp) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"([{"operation":"GetLinkedWhatsAppBusinessAccount","nextCalls":2,
                                 "error":"ThrottledRequestException"}])"),
            "");
  const spec::Operation& get = Op("GetLinkedWhatsAppBusinessAccount");
  EXPECT_TRUE(faults.Decide(Op("ListTagsForResource")).rule_id.empty());  // not matched: kept

  FaultDecision first = faults.Decide(get);
  ASSERT_TRUE(first.error.has_value());
  EXPECT_EQ(first.error->code, ErrorCode::kThrottledRequest);
  EXPECT_EQ(first.error->message, "Injected fault: ThrottledRequestException");
  EXPECT_EQ(first.rule_id, "fault-1");
  const Value rules = faults.ToValue();
  EXPECT_EQ(rules.Get("rules")->AsList()[0].GetInt("remainingCalls"), 1);
  EXPECT_EQ(rules.Get("rules")->AsList()[0].GetInt("nextCalls"), 2);
  EXPECT_EQ(rules.Get("rules")->AsList()[0].GetInt("fired"), 1);

  EXPECT_TRUE(faults.Decide(get).error.has_value());
  EXPECT_TRUE(faults.ToValue().Get("rules")->AsList().empty());
  FaultDecision third = faults.Decide(get);
  EXPECT_FALSE(third.error.has_value());
  EXPECT_EQ(third.latency_ms, 0);
  EXPECT_EQ(third.rule_id, "");
}

TEST(FaultInjectorTest, ProbabilityZeroNeverFiresAndOneAlwaysDoes) {
  FaultInjector faults(spec::Service(), 7);
  ASSERT_EQ(Refusal(faults, R"([{"operation":"TagResource","probability":0,
                                 "error":"ThrottledRequestException"},
                                {"operation":"UntagResource","probability":1,
                                 "error":"ThrottledRequestException"}])"),
            "");
  for (int i = 0; i < 1000; ++i) {
    ASSERT_FALSE(faults.Decide(Op("TagResource")).error.has_value());
    ASSERT_TRUE(faults.Decide(Op("UntagResource")).error.has_value());
  }
  // Probability rules stay until they are replaced or cleared.
  EXPECT_EQ(faults.ToValue().Get("rules")->AsList().size(), 2u);
}

TEST(FaultInjectorTest, ProbabilityFiresAboutThatOftenAndTheSeedRepeatsIt) {
  auto count = [](uint64_t seed) {
    FaultInjector faults(spec::Service(), seed);
    EXPECT_TRUE(faults.Replace(Parse(R"([{"probability":0.3,"latencyMs":1}])")).ok());
    int fired = 0;
    for (int i = 0; i < 2000; ++i) fired += faults.Decide(Op("TagResource")).latency_ms > 0;
    return fired;
  };
  int fired = count(42);
  EXPECT_GT(fired, 500);
  EXPECT_LT(fired, 700);
  EXPECT_EQ(count(42), fired);
}

TEST(FaultInjectorTest, LatencyAloneDelaysWithoutAnError) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"([{"operation":"Get*","latencyMs":300}])"), "");
  FaultDecision decision = faults.Decide(Op("GetWhatsAppMessageTemplate"));
  EXPECT_FALSE(decision.error.has_value());
  EXPECT_EQ(decision.latency_ms, 300);
  EXPECT_EQ(decision.rule_id, "fault-1");
  EXPECT_EQ(faults.Decide(Op("ListTagsForResource")).latency_ms, 0);
}

TEST(FaultInjectorTest, LatencyAndErrorTogether) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"([{"error":"ThrottledRequestException","latencyMs":250.4,
                                 "message":"slow down"}])"),
            "");
  FaultDecision decision = faults.Decide(Op("SendWhatsAppMessage"));
  ASSERT_TRUE(decision.error.has_value());
  EXPECT_EQ(decision.error->message, "slow down");
  EXPECT_EQ(decision.latency_ms, 250);
}

TEST(FaultInjectorTest, TheFirstRuleThatFiresDecides) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"([
      {"operation":"ListTagsForResource","probability":0,"error":"InternalServiceException"},
      {"operation":"List*","nextCalls":1,"error":"ThrottledRequestException"},
      {"operation":"*","error":"ValidationException","latencyMs":10}])"),
            "");
  const spec::Operation& tags = Op("ListTagsForResource");
  // Rule 1 matches but does not fire; rule 2 fires once and retires; then rule 3.
  FaultDecision first = faults.Decide(tags);
  EXPECT_EQ(first.rule_id, "fault-2");
  EXPECT_EQ(first.error->code, ErrorCode::kThrottledRequest);
  EXPECT_EQ(first.latency_ms, 0);  // only the deciding rule's latency applies
  FaultDecision second = faults.Decide(tags);
  EXPECT_EQ(second.rule_id, "fault-3");
  EXPECT_EQ(second.error->code, ErrorCode::kValidation);
  EXPECT_EQ(second.latency_ms, 10);
  EXPECT_EQ(faults.Decide(Op("TagResource")).rule_id, "fault-3");
}

TEST(FaultInjectorTest, ClearCountsTheRules) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"([{"latencyMs":1},{"latencyMs":2}])"), "");
  EXPECT_EQ(faults.Clear(), 2u);
  EXPECT_EQ(faults.Clear(), 0u);
  EXPECT_EQ(WriteJson(faults.ToValue()), R"({"rules":[]})");
  EXPECT_EQ(faults.Decide(Op("TagResource")).rule_id, "");
}

TEST(FaultInjectorTest, AnEmptyListClearsToo) {
  FaultInjector faults(spec::Service(), 1);
  ASSERT_EQ(Refusal(faults, R"([{"latencyMs":1}])"), "");
  ASSERT_EQ(Refusal(faults, R"({"rules":[]})"), "");
  EXPECT_EQ(WriteJson(faults.ToValue()), R"({"rules":[]})");
}

}  // namespace
}  // namespace socialite::ops
