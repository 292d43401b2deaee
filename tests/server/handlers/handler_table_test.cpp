// The operations that are routed and validated but not implemented yet answer
// InternalServiceException for valid input, and still validate like the real thing.
#include "server/handlers/handler_table.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/server/testing/test_env.h"

namespace socialite {
namespace {

using testing::Reply;
using testing::TestEnv;

struct Call {
  const char* operation;
  const char* method;
  const char* target;
  const char* body;
};

// A valid request for each operation that is not implemented yet.
const Call kValidCalls[] = {
    {"CreateWhatsAppMessageTemplate", "POST", "/v1/whatsapp/template/put",
     R"({"templateDefinition":"e30=","id":"waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"})"},
    {"CreateWhatsAppMessageTemplateFromLibrary", "POST", "/v1/whatsapp/template/create",
     R"({"id":"waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01","metaLibraryTemplate":{"templateName":)"
     R"("order_update","libraryTemplateName":"order_update","templateCategory":"UTILITY",)"
     R"("templateLanguage":"en_US"}})"},
    {"CreateWhatsAppMessageTemplateMedia", "POST", "/v1/whatsapp/template/media",
     R"({"id":"waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"})"},
    {"DeleteWhatsAppMessageMedia", "DELETE",
     "/v1/whatsapp/media?mediaId=abc123&originationPhoneNumberId=phone-number-id-1", ""},
    {"DeleteWhatsAppMessageTemplate", "DELETE",
     "/v1/whatsapp/template?id=waba-1&templateName=order_update&deleteAllTemplates=true", ""},
    {"GetWhatsAppMessageMedia", "POST", "/v1/whatsapp/media/get",
     R"({"mediaId":"abc123","originationPhoneNumberId":"phone-number-id-1","metadataOnly":true})"},
    {"GetWhatsAppMessageTemplate", "GET", "/v1/whatsapp/template?id=waba-1&metaTemplateId=123", ""},
    {"ListWhatsAppMessageTemplates", "GET", "/v1/whatsapp/template/list?id=waba-1&maxResults=5",
     ""},
    {"ListWhatsAppTemplateLibrary", "POST", "/v1/whatsapp/template/library?id=waba-1",
     R"({"maxResults":5,"filters":{"topic":"ORDER_MANAGEMENT"}})"},
    {"PostWhatsAppMessageMedia", "POST", "/v1/whatsapp/media",
     R"({"originationPhoneNumberId":"phone-number-id-1"})"},
    {"SendWhatsAppMessage", "POST", "/v1/whatsapp/send",
     R"({"originationPhoneNumberId":"phone-number-id-1","message":"e30=","metaApiVersion":"v20.0"})"},
    {"UpdateWhatsAppMessageTemplate", "POST", "/v1/whatsapp/template",
     R"({"id":"waba-1","metaTemplateId":"123"})"},
};

TEST(NotImplementedTest, TheTableCoversEveryOperationWithoutARealHandler) {
  std::set<std::string> implemented = {"AssociateWhatsAppBusinessAccount",
                                       "DisassociateWhatsAppBusinessAccount",
                                       "GetLinkedWhatsAppBusinessAccount",
                                       "ListLinkedWhatsAppBusinessAccounts",
                                       "GetLinkedWhatsAppBusinessAccountPhoneNumber",
                                       "PutWhatsAppBusinessAccountEventDestinations",
                                       "TagResource",
                                       "UntagResource",
                                       "ListTagsForResource"};
  std::set<std::string> covered = implemented;
  for (const auto& call : kValidCalls) covered.insert(call.operation);
  EXPECT_EQ(covered.size(), spec::Service().operations().size());
  EXPECT_EQ(BuildHandlerTable().size(), spec::Service().operations().size());
}

TEST(NotImplementedTest, ValidInputAnswersInternalServiceException) {
  TestEnv env;
  for (const auto& call : kValidCalls) {
    Reply reply = env.Send(call.method, call.target, call.body);
    EXPECT_EQ(reply.status(), 500) << call.operation << ": " << reply.http.body;
    EXPECT_EQ(reply.ErrorType(), "InternalServiceException") << call.operation;
    EXPECT_EQ(reply.Message(),
              std::string(call.operation) + " is not implemented yet in Socialite");
  }
}

TEST(NotImplementedTest, InvalidInputStillAnswersValidationException) {
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

TEST(NotImplementedTest, MalformedInputStillAnswersSerializationException) {
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
