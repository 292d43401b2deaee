// The Flow part of the spec table against the 2026-08 model (and the 2026-09 members), written
// out member by member: route, wire location, required, constraints and the error list, so
// that a drift of the table is caught here.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/spec/spec_types.h"

namespace socialite::spec {
namespace {

const ServiceSpec& S() { return Service(); }

// One input member as the model declares it: "name@query" or "name", '!' when required.
struct Expected {
  std::string op;
  std::string method;
  std::string path;
  std::vector<std::string> input;  // e.g. "id!@query"
  std::vector<std::string> output;
};

std::string Describe(const Member& m) {
  return m.name + (m.required ? "!" : "") + (m.location == Location::kQuery ? "@query" : "");
}

std::vector<std::string> Members(const std::string& structure) {
  std::vector<std::string> out;
  for (const auto& m : S().shape(structure).members) out.push_back(Describe(m));
  return out;
}

const Shape& TargetOf(const std::string& structure, const std::string& member) {
  for (const auto& m : S().shape(structure).members) {
    if (m.name == member) return S().shape(m.shape);
  }
  ADD_FAILURE() << structure << " has no member " << member;
  static const Shape kNone;
  return kNone;
}

TEST(FlowSpecTest, OperationsRoutesAndMembersMatchTheModel) {
  const std::vector<Expected> expected = {
      {"CreateWhatsAppFlow",
       "POST",
       "/v1/whatsapp/flow/create",
       {"id!", "flowName!", "categories!", "flowJson", "publish", "cloneFlowId", "endpointUri"},
       {"flowId", "validationErrors"}},
      {"UpdateWhatsAppFlow",
       "POST",
       "/v1/whatsapp/flow/update",
       {"id!", "flowId!", "flowName", "categories", "endpointUri", "metaAppId"},
       {}},
      {"UpdateWhatsAppFlowAssets",
       "POST",
       "/v1/whatsapp/flow/assets/update",
       {"id!", "flowId!", "flowJson!"},
       {"validationErrors"}},
      {"ListWhatsAppFlowAssets",
       "GET",
       "/v1/whatsapp/flow/assets",
       {"id!@query", "flowId!@query", "nextToken@query", "maxResults@query"},
       {"flowAssets!", "nextToken"}},
      {"GetWhatsAppFlow",
       "GET",
       "/v1/whatsapp/flow",
       {"id!@query", "flowId!@query"},
       {"flowId!", "flowName!", "flowStatus!", "categories", "validationErrors", "jsonVersion",
        "dataApiVersion", "endpointUri", "preview", "whatsAppBusinessAccount", "application",
        "healthStatus"}},
      {"ListWhatsAppFlows",
       "GET",
       "/v1/whatsapp/flow/list",
       {"id!@query", "nextToken@query", "maxResults@query"},
       {"flows!", "nextToken"}},
      {"GetWhatsAppFlowPreview",
       "GET",
       "/v1/whatsapp/flow/preview",
       {"id!@query", "flowId!@query", "invalidate@query"},
       {"flowId!", "preview!"}},
      {"PublishWhatsAppFlow", "POST", "/v1/whatsapp/flow/publish", {"id!", "flowId!"}, {}},
      {"DeprecateWhatsAppFlow", "POST", "/v1/whatsapp/flow/deprecate", {"id!", "flowId!"}, {}},
      {"DeleteWhatsAppFlow", "DELETE", "/v1/whatsapp/flow", {"id!@query", "flowId!@query"}, {}},
  };
  const std::vector<ErrorCode> errors = {
      ErrorCode::kValidation,        ErrorCode::kAccessDenied,       ErrorCode::kResourceNotFound,
      ErrorCode::kInvalidParameters, ErrorCode::kAccessDeniedByMeta, ErrorCode::kThrottledRequest,
      ErrorCode::kInternalService,   ErrorCode::kDependency};
  for (const auto& e : expected) {
    const Operation* op = S().FindOperation(e.op);
    ASSERT_NE(op, nullptr) << e.op;
    EXPECT_EQ(op->method, e.method) << e.op;
    EXPECT_EQ(op->path, e.path) << e.op;
    EXPECT_EQ(Members(op->input), e.input) << e.op;
    EXPECT_EQ(Members(op->output), e.output) << e.op;
    std::vector<ErrorCode> listed = op->errors;
    std::sort(listed.begin(), listed.end());
    std::vector<ErrorCode> want = errors;
    std::sort(want.begin(), want.end());
    EXPECT_EQ(listed, want) << e.op;
  }
}

TEST(FlowSpecTest, ConstraintsMatchTheModel) {
  const Shape& flow_id = TargetOf("GetWhatsAppFlowInput", "flowId");
  EXPECT_EQ(flow_id.constraints.min, 1);
  EXPECT_EQ(flow_id.constraints.max, 100);
  EXPECT_EQ(flow_id.constraints.pattern, "[0-9]+");
  const Shape& name = TargetOf("CreateWhatsAppFlowInput", "flowName");
  EXPECT_EQ(name.constraints.min, 1);
  EXPECT_EQ(name.constraints.max, 200);
  const Shape& categories = TargetOf("CreateWhatsAppFlowInput", "categories");
  EXPECT_EQ(categories.type, ShapeType::kList);
  EXPECT_EQ(categories.constraints.min, 1);
  EXPECT_EQ(categories.constraints.max, 9);
  EXPECT_EQ(
      S().shape(categories.member_shape).constraints.enum_values,
      (std::vector<std::string>{"SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION",
                                "SHOPPING", "CONTACT_US", "CUSTOMER_SUPPORT", "SURVEY", "OTHER"}));
  const Shape& json = TargetOf("UpdateWhatsAppFlowAssetsInput", "flowJson");
  EXPECT_EQ(json.type, ShapeType::kBlob);
  EXPECT_EQ(json.constraints.min, 1);
  EXPECT_EQ(json.constraints.max, 10485760);
  EXPECT_EQ(TargetOf("CreateWhatsAppFlowInput", "cloneFlowId").name, "MetaFlowId");
  EXPECT_EQ(TargetOf("CreateWhatsAppFlowInput", "publish").type, ShapeType::kBoolean);
  EXPECT_EQ(TargetOf("GetWhatsAppFlowPreviewInput", "invalidate").type, ShapeType::kBoolean);
  const Shape& endpoint = TargetOf("UpdateWhatsAppFlowInput", "endpointUri");
  EXPECT_EQ(endpoint.constraints.min, 1);
  EXPECT_EQ(endpoint.constraints.max, 2048);
  const Shape& app = TargetOf("UpdateWhatsAppFlowInput", "metaAppId");
  EXPECT_EQ(app.constraints.min, 1);
  EXPECT_EQ(app.constraints.max, 100);
  EXPECT_EQ(TargetOf("ListWhatsAppFlowsInput", "maxResults").constraints.max, 100);
  EXPECT_EQ(TargetOf("ListWhatsAppFlowsInput", "nextToken").constraints.max, 600);
  EXPECT_EQ(S().shape(TargetOf("CreateWhatsAppFlowOutput", "validationErrors").member_shape)
                .constraints.max,
            1048576);
}

TEST(FlowSpecTest, OutputStructuresAreShapedAsInTheModel) {
  auto members = [](const std::string& shape) {
    std::vector<std::string> out;
    for (const auto& m : S().shape(shape).members) out.push_back(Describe(m));
    return out;
  };
  EXPECT_EQ(members("MetaFlowSummary"),
            (std::vector<std::string>{"flowId!", "flowName!", "flowStatus!", "flowCategories!",
                                      "validationErrors!"}));
  EXPECT_EQ(members("MetaFlowPreviewInfo"),
            (std::vector<std::string>{"previewUrl!", "expiresAt!"}));
  EXPECT_EQ(members("MetaFlowAsset"),
            (std::vector<std::string>{"name!", "assetType!", "downloadUrl!"}));
  EXPECT_EQ(members("MetaFlowWhatsAppBusinessAccountInfo"),
            (std::vector<std::string>{"id!", "name!", "currency", "timezoneId",
                                      "messageTemplateNamespace"}));
  EXPECT_EQ(members("MetaFlowApplicationInfo"), (std::vector<std::string>{"link", "name!", "id!"}));
  EXPECT_EQ(members("MetaFlowHealthStatus"),
            (std::vector<std::string>{"canSendMessage!", "entities"}));
  EXPECT_EQ(members("MetaFlowHealthEntity"),
            (std::vector<std::string>{"entityType!", "id!", "canSendMessage!"}));
  EXPECT_EQ(S().shape("MetaFlowStatus").constraints.max, 20);
  EXPECT_EQ(S().shape("MetaFlowTimestamp").constraints.max, 50);
}

}  // namespace
}  // namespace socialite::spec
