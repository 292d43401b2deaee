// Consistency of the one service table (DESIGN §3): every consumer can rely on it.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "server/handlers/handler_table.h"
#include "server/protocol/validator.h"
#include "server/spec/spec_types.h"

namespace socialite::spec {
namespace {

const ServiceSpec& S() { return Service(); }

// The shape a member of structure `structure` targets.
const Shape& MemberShape(const std::string& structure, const std::string& member) {
  for (const auto& m : S().shape(structure).members) {
    if (m.name == member) return S().shape(m.shape);
  }
  ADD_FAILURE() << structure << " has no member " << member;
  static const Shape kNone;
  return kNone;
}

// Every shape name a shape refers to.
std::vector<std::string> References(const Shape& shape) {
  std::vector<std::string> refs;
  for (const auto& m : shape.members) refs.push_back(m.shape);
  if (shape.type == ShapeType::kList) refs.push_back(shape.member_shape);
  if (shape.type == ShapeType::kMap) {
    refs.push_back(shape.key_shape);
    refs.push_back(shape.value_shape);
  }
  return refs;
}

// The 33 operations of the 2026-08 model and the 5 AWS added in 2026-09.
const std::vector<std::string>& AllOperationNames() {
  static const std::vector<std::string> names = {
      "AssociateWhatsAppBusinessAccount",
      "CreateWhatsAppDataset",
      "CreateWhatsAppFlow",
      "CreateWhatsAppMessageTemplate",
      "CreateWhatsAppMessageTemplateFromLibrary",
      "CreateWhatsAppMessageTemplateMedia",
      "DeleteWhatsAppFlow",
      "DeleteWhatsAppMessageMedia",
      "DeleteWhatsAppMessageTemplate",
      "DeprecateWhatsAppFlow",
      "DisassociateWhatsAppBusinessAccount",
      "GetLinkedWhatsAppBusinessAccount",
      "GetLinkedWhatsAppBusinessAccountPhoneNumber",
      "GetWhatsAppBusinessPublicKey",
      "GetWhatsAppCallPermission",
      "GetWhatsAppFlow",
      "GetWhatsAppFlowPreview",
      "GetWhatsAppMessageMedia",
      "GetWhatsAppMessageTemplate",
      "ListLinkedWhatsAppBusinessAccounts",
      "ListTagsForResource",
      "ListWhatsAppFlowAssets",
      "ListWhatsAppFlows",
      "ListWhatsAppMessageTemplates",
      "ListWhatsAppTemplateLibrary",
      "PostWhatsAppMessageMedia",
      "PublishWhatsAppFlow",
      "PutWhatsAppBusinessAccountEventDestinations",
      "PutWhatsAppBusinessPublicKey",
      "SendWhatsAppCallEvent",
      "SendWhatsAppConversionEvent",
      "SendWhatsAppMessage",
      "TagResource",
      "UntagResource",
      "UpdateLinkedWhatsAppBusinessAccountPhoneNumber",
      "UpdateWhatsAppFlow",
      "UpdateWhatsAppFlowAssets",
      "UpdateWhatsAppMessageTemplate",
  };
  return names;
}

TEST(ServiceSpecTest, HasExactlyTheThirtyEightOperations) {
  std::vector<std::string> names;
  for (const auto& op : S().operations()) names.push_back(op.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, AllOperationNames());
}

TEST(ServiceSpecTest, EveryOperationHasAHandler) {
  HandlerTable handlers = BuildHandlerTable();
  for (const auto& op : S().operations()) {
    auto it = handlers.find(op.name);
    EXPECT_TRUE(it != handlers.end() && it->second.run) << op.name << " has no handler";
  }
}

TEST(ServiceSpecTest, EveryHandlerNamesAnOperation) {
  for (const auto& [name, handler] : BuildHandlerTable()) {
    EXPECT_NE(S().FindOperation(name), nullptr) << "handler for unknown operation " << name;
  }
}

TEST(ServiceSpecTest, EveryOperationInputAndOutputIsADeclaredStructure) {
  for (const auto& op : S().operations()) {
    const Shape* input = S().FindShape(op.input);
    const Shape* output = S().FindShape(op.output);
    ASSERT_NE(input, nullptr) << op.name << " input " << op.input;
    ASSERT_NE(output, nullptr) << op.name << " output " << op.output;
    EXPECT_EQ(input->type, ShapeType::kStructure) << op.name;
    EXPECT_EQ(output->type, ShapeType::kStructure) << op.name;
  }
}

TEST(ServiceSpecTest, EveryReferencedShapeExists) {
  for (const auto& [name, shape] : S().shapes()) {
    EXPECT_EQ(shape.name, name);
    for (const auto& ref : References(shape)) {
      EXPECT_NE(S().FindShape(ref), nullptr) << name << " refers to missing shape '" << ref << "'";
    }
  }
}

TEST(ServiceSpecTest, ListsAndMapsNameTheirElementShapes) {
  for (const auto& [name, shape] : S().shapes()) {
    if (shape.type == ShapeType::kList) {
      EXPECT_FALSE(shape.member_shape.empty()) << name;
    }
    if (shape.type == ShapeType::kMap) {
      EXPECT_FALSE(shape.key_shape.empty()) << name;
      EXPECT_FALSE(shape.value_shape.empty()) << name;
      EXPECT_EQ(S().shape(shape.key_shape).type, ShapeType::kString) << name;
    }
  }
}

TEST(ServiceSpecTest, EveryPatternCompiles) {
  int patterns = 0;
  for (const auto& [name, shape] : S().shapes()) {
    if (shape.constraints.pattern.empty()) continue;
    ++patterns;
    EXPECT_EQ(shape.type, ShapeType::kString) << name << ": a pattern on a non-string";
    EXPECT_TRUE(protocol::PatternCompiles(shape.constraints.pattern))
        << name << ": " << shape.constraints.pattern;
  }
  EXPECT_GE(patterns, 10);
}

TEST(ServiceSpecTest, EnumsOnlyOnStrings) {
  for (const auto& [name, shape] : S().shapes()) {
    if (!shape.constraints.enum_values.empty()) {
      EXPECT_EQ(shape.type, ShapeType::kString) << name;
    }
  }
}

TEST(ServiceSpecTest, NoTwoOperationsShareMethodAndPath) {
  std::set<std::pair<std::string, std::string>> routes;
  for (const auto& op : S().operations()) {
    EXPECT_TRUE(routes.insert({op.method, op.path}).second)
        << op.name << " duplicates " << op.method << " " << op.path;
    EXPECT_TRUE(op.path.rfind("/v1/", 0) == 0) << op.name << " " << op.path;
    EXPECT_NE(op.path.back(), '/') << op.name;
  }
}

TEST(ServiceSpecTest, MethodsAreUpperCaseHttpVerbs) {
  const std::set<std::string> verbs = {"GET", "POST", "PUT", "DELETE"};
  for (const auto& op : S().operations()) EXPECT_EQ(verbs.count(op.method), 1u) << op.name;
}

TEST(ServiceSpecTest, QueryMembersAreOnlyScalars) {
  for (const auto& op : S().operations()) {
    for (const auto& member : S().shape(op.input).members) {
      if (member.location != Location::kQuery) continue;
      ShapeType type = S().shape(member.shape).type;
      EXPECT_TRUE(type == ShapeType::kString || type == ShapeType::kBoolean ||
                  type == ShapeType::kInteger || type == ShapeType::kLong)
          << op.name << "." << member.name << " is not a scalar";
      EXPECT_FALSE(member.WireName().empty()) << op.name << "." << member.name;
    }
  }
}

TEST(ServiceSpecTest, GetAndDeleteOperationsTakeOnlyQueryMembers) {
  for (const auto& op : S().operations()) {
    if (op.method != "GET" && op.method != "DELETE") continue;
    for (const auto& member : S().shape(op.input).members) {
      EXPECT_EQ(member.location, Location::kQuery) << op.name << "." << member.name;
    }
  }
}

TEST(ServiceSpecTest, NoTwoQueryMembersOfAnOperationShareAWireName) {
  for (const auto& op : S().operations()) {
    std::set<std::string> names;
    for (const auto& member : S().shape(op.input).members) {
      if (member.location != Location::kQuery) continue;
      EXPECT_TRUE(names.insert(member.WireName()).second) << op.name << " " << member.WireName();
    }
  }
}

TEST(ServiceSpecTest, EveryOperationListsValidationExceptionAndNoProtocolError) {
  for (const auto& op : S().operations()) {
    EXPECT_NE(std::find(op.errors.begin(), op.errors.end(), ErrorCode::kValidation),
              op.errors.end())
        << op.name;
    for (ErrorCode code : op.errors) {
      EXPECT_FALSE(IsProtocolError(code)) << op.name << " lists " << ErrorName(code);
    }
    EXPECT_EQ(op.success_status, 200) << op.name;
  }
}

TEST(ServiceSpecTest, PagedOperationsNameAnOutputList) {
  int paged = 0;
  for (const auto& op : S().operations()) {
    if (op.page_items.empty()) continue;
    ++paged;
    EXPECT_EQ(MemberShape(op.output, op.page_items).type, ShapeType::kList) << op.name;
    EXPECT_EQ(MemberShape(op.output, "nextToken").type, ShapeType::kString) << op.name;
    EXPECT_EQ(op.default_page_size, 20) << op.name;
  }
  EXPECT_EQ(paged, 5);
}

TEST(ServiceSpecTest, MaxResultsIsOneToHundred) {
  const Shape& max_results = MemberShape("ListLinkedWhatsAppBusinessAccountsInput", "maxResults");
  EXPECT_EQ(max_results.type, ShapeType::kInteger);
  EXPECT_EQ(max_results.constraints.min, 1);
  EXPECT_EQ(max_results.constraints.max, 100);
}

TEST(ServiceSpecTest, EventDestinationsListHoldsAtMostOne) {
  const Shape& list =
      MemberShape("PutWhatsAppBusinessAccountEventDestinationsInput", "eventDestinations");
  EXPECT_EQ(list.type, ShapeType::kList);
  EXPECT_EQ(list.constraints.max, 1);
}

TEST(ServiceSpecTest, TemplateLibraryFiltersMapBounds) {
  const Shape& filters = MemberShape("ListWhatsAppTemplateLibraryInput", "filters");
  EXPECT_EQ(filters.type, ShapeType::kMap);
  EXPECT_EQ(filters.constraints.max, 10);
  const Shape& key = S().shape(filters.key_shape);
  const Shape& value = S().shape(filters.value_shape);
  EXPECT_EQ(key.constraints.min, 1);
  EXPECT_EQ(key.constraints.max, 100);
  EXPECT_EQ(value.constraints.min, 1);
  EXPECT_EQ(value.constraints.max, 100);
}

TEST(ServiceSpecTest, TemplateLibraryReadsIdFromQueryAndTheRestFromBody) {
  for (const auto& m : S().shape("ListWhatsAppTemplateLibraryInput").members) {
    EXPECT_EQ(m.location, m.name == "id" ? Location::kQuery : Location::kBody) << m.name;
  }
}

TEST(ServiceSpecTest, IdsAreOneTo115Long) {
  for (const char* shape : {"LinkedWhatsAppBusinessAccountId", "WhatsAppPhoneNumberId"}) {
    EXPECT_EQ(S().shape(shape).constraints.min, 1) << shape;
    EXPECT_EQ(S().shape(shape).constraints.max, 115) << shape;
  }
  EXPECT_EQ(&MemberShape("GetLinkedWhatsAppBusinessAccountInput", "id"),
            &S().shape("LinkedWhatsAppBusinessAccountId"));
}

TEST(ServiceSpecTest, SecretsAreSensitive) {
  EXPECT_TRUE(S().shape("TwoFactorPin").constraints.sensitive);
  EXPECT_TRUE(S().shape("AssociateInProgressToken").constraints.sensitive);
  EXPECT_TRUE(S().shape("WhatsAppMessageBlob").constraints.sensitive);
  EXPECT_FALSE(S().shape("WhatsAppPhoneNumber").constraints.sensitive);
}

TEST(ServiceSpecTest, DeleteTemplateReadsDeleteAllTemplatesIntoDeleteAllLanguages) {
  const auto& members = S().shape("DeleteWhatsAppMessageTemplateInput").members;
  auto it = std::find_if(members.begin(), members.end(),
                         [](const Member& m) { return m.name == "deleteAllLanguages"; });
  ASSERT_NE(it, members.end());
  EXPECT_EQ(it->location, Location::kQuery);
  EXPECT_EQ(it->WireName(), "deleteAllTemplates");
}

TEST(ServiceSpecTest, LookupsOfUnknownNamesAreNull) {
  EXPECT_EQ(S().FindOperation("NoSuchOperation"), nullptr);
  EXPECT_EQ(S().FindShape("NoSuchShape"), nullptr);
}

TEST(ServiceSpecTest, OperationListsProtocolErrorsImplicitly) {
  const Operation* op = S().FindOperation("TagResource");
  ASSERT_NE(op, nullptr);
  EXPECT_TRUE(op->Lists(ErrorCode::kSerialization));
  EXPECT_TRUE(op->Lists(ErrorCode::kUnknownOperation));
  EXPECT_TRUE(op->Lists(ErrorCode::kRequestEntityTooLarge));
  EXPECT_TRUE(op->Lists(ErrorCode::kInvalidParameters));
  EXPECT_FALSE(op->Lists(ErrorCode::kResourceNotFound));
}

}  // namespace
}  // namespace socialite::spec

namespace socialite::spec {
namespace {

// A small spec: a structure with a member, a list and a map of it, and an operation.
Shape Named(std::string name, ShapeType type) {
  Shape shape;
  shape.name = std::move(name);
  shape.type = type;
  return shape;
}

ServiceSpec LinkedSample() {
  ServiceSpec s;
  Shape holder = Named("Holder", ShapeType::kStructure);
  Member item;
  item.name = "item";
  item.shape = "Item";
  holder.members.push_back(item);
  Shape list = Named("Items", ShapeType::kList);
  list.member_shape = "Item";
  Shape map = Named("ItemMap", ShapeType::kMap);
  map.key_shape = "Item";
  map.value_shape = "Holder";
  Operation operation;
  operation.name = "Op";
  operation.input = "Holder";
  operation.output = "Items";
  s.Add(Named("Item", ShapeType::kString));
  s.Add(holder);
  s.Add(list);
  s.Add(map);
  s.Add(operation);
  return s;
}

TEST(ServiceSpecLinkTest, ReferencesResolveByNameBeforeLinkAndByPointerAfter) {
  ServiceSpec s = LinkedSample();
  const Shape& holder = s.shape("Holder");
  EXPECT_EQ(holder.members[0].target, nullptr);
  EXPECT_EQ(&s.shape(holder.members[0]), &s.shape("Item"));  // by name
  s.Link();
  EXPECT_EQ(holder.members[0].target, &s.shape("Item"));
  EXPECT_EQ(&s.member_shape(s.shape("Items")), &s.shape("Item"));
  EXPECT_EQ(&s.key_shape(s.shape("ItemMap")), &s.shape("Item"));
  EXPECT_EQ(&s.value_shape(s.shape("ItemMap")), &s.shape("Holder"));
  EXPECT_EQ(s.operations()[0].input_target, &s.shape("Holder"));
  EXPECT_EQ(&s.output(s.operations()[0]), &s.shape("Items"));
}

TEST(ServiceSpecLinkTest, ACopyLinksToItsOwnShapes) {
  ServiceSpec original = LinkedSample();
  original.Link();
  ServiceSpec copy = original;
  const Member& member = copy.shape("Holder").members[0];
  EXPECT_EQ(member.target, &copy.shape("Item"));
  EXPECT_NE(member.target, &original.shape("Item"));
  EXPECT_EQ(&copy.input(copy.operations()[0]), &copy.shape("Holder"));
}

TEST(ServiceSpecLinkTest, AShapeAddedAfterLinkingIsFoundByNameNotThroughOldLinks) {
  ServiceSpec first = LinkedSample();
  first.Link();
  ServiceSpec second;
  second.Add(Named("Item", ShapeType::kInteger));
  // A linked shape copied from `first` must not keep pointing into it.
  second.Add(first.shape("Holder"));
  EXPECT_EQ(second.shape("Holder").members[0].target, nullptr);
  EXPECT_EQ(second.shape(second.shape("Holder").members[0]).type, ShapeType::kInteger);
  // Replacing a shape of a linked spec: the links to it see the new one.
  first.Add(Named("Item", ShapeType::kBoolean));
  EXPECT_EQ(first.shape(first.shape("Holder").members[0]).type, ShapeType::kBoolean);
}

TEST(ServiceSpecLinkTest, TheServiceIsLinkedThroughout) {
  const ServiceSpec& s = Service();
  for (const auto& [name, shape] : s.shapes()) {
    for (const Member& member : shape.members) EXPECT_NE(member.target, nullptr) << name;
    if (shape.type == ShapeType::kList) {
      EXPECT_NE(shape.member_target, nullptr) << name;
    }
    if (shape.type == ShapeType::kMap) {
      EXPECT_NE(shape.value_target, nullptr) << name;
    }
  }
  for (const Operation& operation : s.operations()) {
    EXPECT_NE(operation.input_target, nullptr) << operation.name;
    EXPECT_NE(operation.output_target, nullptr) << operation.name;
  }
}

}  // namespace
}  // namespace socialite::spec
