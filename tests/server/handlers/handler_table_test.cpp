// The handler table covers the spec, and the messaging operations validate before any
// handler runs.
#include "server/handlers/handler_table.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::Reply;
using testing::TestEnv;

TEST(HandlerTableTest, EveryOperationHasAHandler) {
  HandlerTable table = BuildHandlerTable();
  EXPECT_EQ(table.size(), spec::Service().operations().size());
  for (const auto& operation : spec::Service().operations()) {
    EXPECT_TRUE(table.count(operation.name)) << operation.name;
  }
}

TEST(MessagingValidationTest, InvalidInputAnswersValidationException) {
  TestEnv env;
  Reply send = env.Post("/v1/whatsapp/send", R"({"originationPhoneNumberId":"phone-number-id-1"})");
  EXPECT_EQ(send.status(), 400);
  EXPECT_EQ(send.ErrorType(), "ValidationException");
  EXPECT_EQ(send.Message(),
            "2 validation errors detected: Value null at 'message' failed to satisfy constraint: "
            "Member must not be null; Value null at 'metaApiVersion' failed to satisfy "
            "constraint: Member must not be null");

  Reply get = env.Get("/v1/whatsapp/template?id=waba-1&metaTemplateId=12a");
  EXPECT_EQ(get.status(), 400);
  EXPECT_EQ(get.Message(),
            "1 validation error detected: Value '12a' at 'metaTemplateId' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [0-9]+");

  Reply library = env.Post("/v1/whatsapp/template/library?id=waba-1", R"({"maxResults":0})");
  EXPECT_EQ(library.status(), 400);
  EXPECT_EQ(library.Message(),
            "1 validation error detected: Value '0' at 'maxResults' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1");
}

TEST(MessagingValidationTest, MalformedInputAnswersSerializationException) {
  TestEnv env;
  Reply reply = env.Post("/v1/whatsapp/send",
                         R"({"originationPhoneNumberId":"phone-number-id-1","message":"%%%",)"
                         R"("metaApiVersion":"v20.0"})");
  EXPECT_EQ(reply.status(), 400);
  EXPECT_EQ(reply.ErrorType(), "SerializationException");
  EXPECT_EQ(reply.Message(), "Invalid base64 for 'message'");
}

}  // namespace
}  // namespace socialite
