// The spec table against AWS's 2026-08 model file (botocore JSON): every model operation is
// here with the same method, path, status, members (name, location, required, type and
// constraints, recursively), output members and errors; and nothing is here that the model
// lacks except the 2026-09 operations and the deliberate differences listed below.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "server/core/json.h"
#include "server/spec/spec_types.h"

namespace socialite::spec {
namespace {

// The five operations AWS added in 2026-09, after the model file (model-2026-09-additions.md).
const std::set<std::string> kAddedAfterModel = {
    "GetWhatsAppBusinessPublicKey", "PutWhatsAppBusinessPublicKey", "GetWhatsAppCallPermission",
    "SendWhatsAppCallEvent", "UpdateLinkedWhatsAppBusinessAccountPhoneNumber"};

// Members our table has and the model does not, on purpose. Paths are "<operation> in|out
// <member path>".
const std::set<std::string> kExtraMembersAllowed = {
    // The January API reference's linked-account booleans: both generations are answered
    // (README "Spec sources"; service_spec.cpp's seed-only members).
    "GetLinkedWhatsAppBusinessAccount out account.enableReceiving",
    "GetLinkedWhatsAppBusinessAccount out account.enableSending",
    "ListLinkedWhatsAppBusinessAccounts out linkedAccounts.member.enableReceiving",
    "ListLinkedWhatsAppBusinessAccounts out linkedAccounts.member.enableSending",
    // 2026-09: the calling settings of a phone number.
    "GetLinkedWhatsAppBusinessAccountPhoneNumber out callSettings",
    // 2026-09-03: Flows with endpoints (model-2026-09-additions.md §6).
    "CreateWhatsAppFlow in endpointUri",
    "UpdateWhatsAppFlow in endpointUri",
    "UpdateWhatsAppFlow in metaAppId",
};

std::string ModelPath() {
  if (const char* path = std::getenv("SOCIALITE_MODEL_FILE"); path != nullptr && *path != '\0') {
    return path;
  }
  return std::string(SOCIALITE_SOURCE_DIR) +
         "/../shared/spec/model/socialmessaging-2024-01-01.service-2.json";
}

const char* TypeName(ShapeType type) {
  switch (type) {
    case ShapeType::kString:
      return "string";
    case ShapeType::kBoolean:
      return "boolean";
    case ShapeType::kInteger:
      return "integer";
    case ShapeType::kLong:
      return "long";
    case ShapeType::kTimestamp:
      return "timestamp";
    case ShapeType::kBlob:
      return "blob";
    case ShapeType::kList:
      return "list";
    case ShapeType::kMap:
      return "map";
    case ShapeType::kStructure:
      return "structure";
  }
  return "?";
}

std::string Optional(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "none"; }

class Comparison {
 public:
  Comparison(const Value& model, const ServiceSpec& ours) : model_(model), ours_(ours) {}

  const std::vector<std::string>& drifts() const { return drifts_; }

  void Operation(const std::string& name, const Value& op) {
    const spec::Operation* mine = ours_.FindOperation(name);
    if (mine == nullptr) {
      Drift(name + ": in the model, missing from our table");
      return;
    }
    const Value* http = op.Get("http");
    std::string uri = http->GetString("requestUri").value_or("");
    if (auto q = uri.find('?'); q != std::string::npos) uri.resize(q);
    Expect(name + " method", http->GetString("method").value_or(""), mine->method);
    Expect(name + " path", uri, mine->path);
    Expect(name + " status", std::to_string(http->GetInt("responseCode").value_or(200)),
           std::to_string(mine->success_status));
    Errors(name, op, *mine);
    Structure(name + " in", ModelShapeOf(op.Get("input")), ours_.shape(mine->input), "", true);
    Structure(name + " out", ModelShapeOf(op.Get("output")), ours_.shape(mine->output), "", false);
  }

 private:
  const Value* ModelShape(const std::string& name) const { return model_.Get("shapes")->Get(name); }
  const Value* ModelShapeOf(const Value* ref) const {
    static const Value kEmpty = Value(ValueFields{{"type", Value("structure")}});
    if (ref == nullptr) return &kEmpty;
    return ModelShape(*ref->GetString("shape"));
  }

  void Drift(std::string text) { drifts_.push_back(std::move(text)); }
  void Expect(const std::string& what, const std::string& model, const std::string& ours) {
    if (model != ours) Drift(what + ": model '" + model + "', ours '" + ours + "'");
  }

  void Errors(const std::string& name, const Value& op, const spec::Operation& mine) {
    std::set<std::string> model_errors, our_errors;
    if (const Value* errors = op.Get("errors")) {
      for (const auto& e : errors->AsList()) model_errors.insert(*e.GetString("shape"));
    }
    for (ErrorCode code : mine.errors) our_errors.insert(ErrorName(code));
    for (const auto& e : model_errors) {
      if (!our_errors.count(e)) Drift(name + " errors: the model lists " + e + ", we do not");
    }
    for (const auto& e : our_errors) {
      if (!model_errors.count(e)) Drift(name + " errors: we list " + e + ", the model does not");
    }
  }

  // `where` is "<operation> in|out"; `path` the member path inside it.
  void Structure(const std::string& where, const Value* model, const Shape& ours,
                 const std::string& path, bool top_level_input) {
    std::set<std::string> required;
    if (const Value* list = model->Get("required")) {
      for (const auto& r : list->AsList()) required.insert(r.AsString());
    }
    std::set<std::string> seen;
    if (const Value* members = model->Get("members")) {
      for (const auto& [member_name, member] : members->AsObject()) {
        std::string member_path = path.empty() ? member_name : path + "." + member_name;
        seen.insert(member_name);
        const spec::Member* mine = nullptr;
        for (const auto& m : ours.members) {
          if (m.name == member_name) mine = &m;
        }
        if (mine == nullptr) {
          Drift(where + " " + member_path + ": in the model, missing from our table");
          continue;
        }
        bool model_required = required.count(member_name) > 0;
        if (model_required != mine->required) {
          Drift(where + " " + member_path + ": required in the model " +
                (model_required ? "yes" : "no") + ", ours " + (mine->required ? "yes" : "no"));
        }
        if (top_level_input) {
          bool model_query =
              member.GetString("location") == std::optional<std::string>("querystring");
          std::string model_location =
              model_query ? "query " + member.GetString("locationName").value_or(member_name)
                          : "body";
          std::string our_location =
              mine->location == Location::kQuery ? "query " + mine->WireName() : "body";
          Expect(where + " " + member_path + " location", model_location, our_location);
        }
        ShapeOf(where, member_path, ModelShape(*member.GetString("shape")),
                ours_.shape(mine->shape));
      }
    }
    for (const auto& m : ours.members) {
      if (seen.count(m.name)) continue;
      std::string member_path = path.empty() ? m.name : path + "." + m.name;
      if (!kExtraMembersAllowed.count(where + " " + member_path)) {
        Drift(where + " " + member_path + ": in our table, not in the model");
      }
    }
  }

  void ShapeOf(const std::string& where, const std::string& path, const Value* model,
               const Shape& ours) {
    std::string what = where + " " + path;
    std::string model_type = model->GetString("type").value_or("");
    if (model_type != TypeName(ours.type)) {
      Drift(what + " type: model " + model_type + ", ours " + TypeName(ours.type));
      return;
    }
    auto number = [&](const char* key) -> std::optional<int64_t> {
      const Value* v = model->Get(key);
      if (v == nullptr) return std::nullopt;
      if (v->kind() == Value::Kind::kDouble) return static_cast<int64_t>(v->AsDouble());
      return v->AsInt();
    };
    Expect(what + " min", Optional(number("min")), Optional(ours.constraints.min));
    Expect(what + " max", Optional(number("max")), Optional(ours.constraints.max));
    Expect(what + " pattern", model->GetString("pattern").value_or(""), ours.constraints.pattern);
    std::vector<std::string> model_enum;
    if (const Value* values = model->Get("enum")) {
      for (const auto& v : values->AsList()) model_enum.push_back(v.AsString());
    }
    if (model_enum != ours.constraints.enum_values) Drift(what + " enum values differ");
    bool model_sensitive = model->GetBool("sensitive").value_or(false);
    if (model_sensitive != ours.constraints.sensitive) {
      Drift(what + " sensitive: model " + (model_sensitive ? "yes" : "no") + ", ours " +
            (ours.constraints.sensitive ? "yes" : "no"));
    }
    if (ours.type == ShapeType::kStructure) {
      Structure(where, model, ours, path, false);
    } else if (ours.type == ShapeType::kList) {
      ShapeOf(where, path + ".member", ModelShape(*model->Get("member")->GetString("shape")),
              ours_.shape(ours.member_shape));
    } else if (ours.type == ShapeType::kMap) {
      ShapeOf(where, path + ".key", ModelShape(*model->Get("key")->GetString("shape")),
              ours_.shape(ours.key_shape));
      ShapeOf(where, path + ".value", ModelShape(*model->Get("value")->GetString("shape")),
              ours_.shape(ours.value_shape));
    }
  }

  const Value& model_;
  const ServiceSpec& ours_;
  std::vector<std::string> drifts_;
};

class ModelDriftTest : public testing::Test {
 protected:
  void SetUp() override {
    std::ifstream file(ModelPath(), std::ios::binary);
    if (!file) {
      GTEST_SKIP() << "The AWS model file is not at " << ModelPath()
                   << "; set SOCIALITE_MODEL_FILE to check the spec table against it";
    }
    std::stringstream text;
    text << file.rdbuf();
    Result<Value> parsed = ParseJson(text.str());
    ASSERT_TRUE(parsed.ok()) << ModelPath() << " is not JSON: " << parsed.error().message;
    model_ = std::move(parsed).value();
    ASSERT_NE(model_.Get("operations"), nullptr);
    ASSERT_NE(model_.Get("shapes"), nullptr);
  }
  Value model_;
};

std::string Lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += "\n  " + line;
  return text;
}

TEST_F(ModelDriftTest, EveryModelOperationMatchesOurTable) {
  Comparison comparison(model_, Service());
  size_t count = 0;
  for (const auto& [name, op] : model_.Get("operations")->AsObject()) {
    comparison.Operation(name, op);
    ++count;
  }
  EXPECT_EQ(count, 33u) << "the 2026-08 model has 33 operations";
  EXPECT_TRUE(comparison.drifts().empty())
      << comparison.drifts().size() << " differences:" << Lines(comparison.drifts());
}

TEST_F(ModelDriftTest, OurTableHasNoOperationTheModelLacksBeyond2026_09) {
  std::vector<std::string> extra;
  for (const auto& op : Service().operations()) {
    if (model_.Get("operations")->Get(op.name) == nullptr && !kAddedAfterModel.count(op.name)) {
      extra.push_back(op.name);
    }
  }
  EXPECT_TRUE(extra.empty()) << "operations not in the model:" << Lines(extra);
}

// The comparison itself finds drift: a table that differs from the model in one constraint
// and one member is reported on both.
TEST_F(ModelDriftTest, ADriftIsReported) {
  ServiceSpec changed = Service();
  Shape dataset_id = changed.shape("WhatsAppDatasetId");
  dataset_id.constraints.max = 21;
  changed.Add(dataset_id);
  Shape input = changed.shape("CreateWhatsAppDatasetInput");
  input.members.push_back(Member{.name = "surprise", .shape = "String"});
  changed.Add(input);
  Comparison comparison(model_, changed);
  comparison.Operation("CreateWhatsAppDataset",
                       *model_.Get("operations")->Get("CreateWhatsAppDataset"));
  std::string all = Lines(comparison.drifts());
  EXPECT_NE(all.find("CreateWhatsAppDataset out datasetId max: model '20', ours '21'"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("CreateWhatsAppDataset in surprise: in our table, not in the model"),
            std::string::npos)
      << all;
}

}  // namespace
}  // namespace socialite::spec
