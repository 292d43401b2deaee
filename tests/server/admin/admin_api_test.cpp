// Socialite's own endpoints under /_socialite/, through the dispatcher.
#include "server/admin/admin_api.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::kFixtureWabaArn;
using testing::kFixtureWabaId;
using testing::kOtherPartitionAuth;
using testing::Reply;
using testing::TestEnv;

TEST(AdminApiTest, HealthIs200OnceReady) {
  TestEnv env;
  Reply reply = env.Get("/_socialite/health");
  EXPECT_EQ(reply.status(), 200);
  EXPECT_EQ(reply.Header("Content-Type"), "application/json");
  EXPECT_EQ(
      reply.http.body,
      R"({"status":"ready","region":"us-east-1","account":"000000000000","uptimeSeconds":0})");
}

TEST(AdminApiTest, HealthIs503BeforeReady) {
  TestEnv env(/*ready=*/false);
  Reply reply = env.Get("/_socialite/health");
  EXPECT_EQ(reply.status(), 503);
  EXPECT_EQ(reply.json.GetString("status"), "starting");
  env.admin().SetReady(true);
  EXPECT_EQ(env.Get("/_socialite/health").status(), 200);
}

TEST(AdminApiTest, HealthReportsUptimeFromTheClock) {
  TestEnv env;
  env.clock().Advance(90 * 1000 + 999);
  EXPECT_EQ(env.Get("/_socialite/health").json.GetInt("uptimeSeconds"), 90);
}

TEST(AdminApiTest, HealthAcceptsATrailingSlashButOnlyGet) {
  TestEnv env;
  EXPECT_EQ(env.Get("/_socialite/health/").status(), 200);
  Reply post = env.Post("/_socialite/health", "");
  EXPECT_EQ(post.status(), 405);
  EXPECT_EQ(post.http.body, R"({"error":"Method POST is not allowed here"})");
}

TEST(AdminApiTest, HeadIsAnsweredWhereAGetChangesNothing) {
  TestEnv env;
  EXPECT_EQ(env.Send("HEAD", "/_socialite/health").status(), 200);
  EXPECT_EQ(env.Send("HEAD", "/_socialite/messages").status(), 200);
  EXPECT_EQ(env.Send("HEAD", "/_socialite/ui/").status(), 200);
  // The SubscribeURL confirms a subscription: a HEAD must not do that.
  EXPECT_EQ(env.Send("HEAD", "/_socialite/sns?Action=ConfirmSubscription").status(), 405);
}

TEST(AdminApiTest, UnknownAdminPathIs404WithoutAwsErrorType) {
  TestEnv env;
  Reply reply = env.Get("/_socialite/nothing");
  EXPECT_EQ(reply.status(), 404);
  EXPECT_EQ(reply.ErrorType(), "");
  EXPECT_EQ(reply.http.body, R"({"error":"No admin endpoint GET /_socialite/nothing"})");
  EXPECT_EQ(env.Get("/_socialite").status(), 404);
}

TEST(AdminApiTest, OwnsOnlyItsPrefix) {
  EXPECT_TRUE(AdminApi::Owns("/_socialite/health"));
  EXPECT_TRUE(AdminApi::Owns("/_socialite"));
  EXPECT_FALSE(AdminApi::Owns("/_socialitex"));
  EXPECT_FALSE(AdminApi::Owns("/v1/whatsapp/waba/list"));
}

TEST(AdminApiTest, ResetNeedsPost) {
  TestEnv env;
  Reply reply = env.Get("/_socialite/reset");
  EXPECT_EQ(reply.status(), 405);
  EXPECT_EQ(reply.http.body, R"({"error":"Method GET is not allowed here"})");
}

TEST(AdminApiTest, ResetRestoresTheFixtures) {
  TestEnv env;
  Reply before = env.Get("/v1/whatsapp/waba/details?id=" + std::string(kFixtureWabaId));
  ASSERT_EQ(before.status(), 200);
  // Change everything a test might change.
  std::string bakery = env.LinkWaba(testing::kBakeryToken);
  std::string away = env.LinkWaba(testing::kTravelToken, kOtherPartitionAuth);
  ASSERT_EQ(env.Post("/v1/tags/untag-resource", std::string(R"({"resourceArn":")") +
                                                    kFixtureWabaArn + R"(","tagKeys":["env"]})")
                .status(),
            200);
  ASSERT_EQ(env.Delete("/v1/whatsapp/waba/disassociate?id=" + std::string(kFixtureWabaId)).status(),
            200);

  Reply reset = env.Post("/_socialite/reset", "");
  ASSERT_EQ(reset.status(), 200) << reset.http.body;
  EXPECT_EQ(reset.http.body, R"({"status":"reset"})");

  EXPECT_EQ(env.Get("/v1/whatsapp/waba/details?id=" + std::string(kFixtureWabaId)).http.body,
            before.http.body);
  EXPECT_EQ(env.Get(std::string("/v1/tags/list?resourceArn=") + kFixtureWabaArn).http.body,
            R"({"statusCode":200,"tags":[{"key":"env","value":"local"}]})");
  EXPECT_EQ(env.Get("/v1/whatsapp/waba/details?id=" + bakery).status(), 404);
  EXPECT_EQ(env.Get("/v1/whatsapp/waba/details?id=" + away, kOtherPartitionAuth).status(), 404);
  EXPECT_EQ(env.Get("/v1/whatsapp/waba/list").json.Get("linkedAccounts")->AsList().size(), 1u);
}

TEST(AdminApiTest, ResetForgetsSignupsInProgress) {
  TestEnv env;
  testing::SignupOffer offer = env.StartSignup(testing::kBakeryToken);
  ASSERT_EQ(env.Post("/_socialite/reset", "").status(), 200);
  Reply done = env.FinishSignup(offer.token, offer.number_ids);
  EXPECT_EQ(done.status(), 400);
  EXPECT_EQ(done.Message(), "The associateInProgressToken is not known; start with signupCallback");
}

TEST(AdminApiTest, FixtureMetaAccountsAreBackAfterReset) {
  TestEnv env;
  ASSERT_EQ(env.Post("/_socialite/reset", "").status(), 200);
  testing::SignupOffer offer = env.StartSignup(testing::kBakeryToken);
  EXPECT_EQ(offer.meta_waba_id, testing::kBakeryMetaWabaId);
  EXPECT_EQ(offer.meta_number_ids,
            (std::vector<std::string>{"110382746592201", "110382746592202"}));
}

}  // namespace
}  // namespace socialite
