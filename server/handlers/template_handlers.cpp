// Message templates of a WABA: create (from a definition or from the library), get, list,
// update, delete, and header media handles.
#include "server/core/json.h"
#include "server/core/sha256.h"
#include "server/handlers/handler_table.h"
#include "server/handlers/lookups.h"
#include "server/handlers/page_token.h"
#include "server/handlers/staged.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/template_flows.h"
#include "server/handlers/template_lifecycle.h"
#include "server/objectstore/object_store.h"
#include "server/whatsapp/media_types.h"
#include "server/whatsapp/template_library.h"
#include "server/whatsapp/template_rules.h"
#include "storage/statement.h"
#include "storage/template_store.h"

namespace socialite {
namespace {

// "A WhatsApp Business Account can have up to 250 message templates" (Meta).
constexpr int64_t kMaxTemplatesPerWaba = 250;
constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;
constexpr int kDefaultPageSize = 20;

ApiError MetaRejection(const whatsapp::MetaError& error) {
  return InvalidParameters(error.Message());
}

// The definition as Meta stores it: the checked shape's fields, normalized.
Value StoredDefinition(const whatsapp::TemplateShape& shape) {
  Value definition = Value::Object();
  definition.Set("name", shape.name);
  definition.Set("language", shape.language);
  definition.Set("category", shape.category);
  definition.Set("parameter_format", shape.parameter_format);
  definition.Set("components", shape.components);
  return definition;
}

// Template JSON as Meta's GET /{template-id} answers it.
std::string MetaTemplateJson(const storage::TemplateRecord& t) {
  Value definition =
      ParseJson(t.definition_json).ok() ? *ParseJson(t.definition_json) : Value::Object();
  Value out = Value::Object();
  out.Set("name", t.name);
  out.Set("parameter_format", definition.GetString("parameter_format").value_or("POSITIONAL"));
  out.Set("components",
          definition.Get("components") ? *definition.Get("components") : Value::List());
  out.Set("language", t.language);
  out.Set("status", t.status);
  out.Set("category", t.category);
  out.Set("id", t.meta_template_id);
  Value quality = Value::Object();
  quality.Set("score", t.quality_score);
  out.Set("quality_score", std::move(quality));
  if (t.rejected_reason) out.Set("rejected_reason", *t.rejected_reason);
  if (t.library_template_name) out.Set("library_template_name", *t.library_template_name);
  out.Set("cta_url_link_tracking_opted_out", t.cta_url_link_tracking_opted_out);
  return WriteJson(out);
}

Value TemplateSummary(const storage::TemplateRecord& t) {
  Value v = Value::Object();
  v.Set("templateName", t.name);
  v.Set("metaTemplateId", t.meta_template_id);
  v.Set("templateStatus", t.status);
  v.Set("templateQualityScore", t.quality_score);
  v.Set("templateLanguage", t.language);
  v.Set("templateCategory", t.category);
  return v;
}

// Inserts a checked template for the WABA and answers {metaTemplateId, templateStatus, category}.
Result<Value> InsertTemplate(RequestContext& ctx, const storage::WabaRecord& waba,
                             const whatsapp::TemplateShape& shape,
                             std::optional<std::string> library_name, bool approve_now) {
  Services& services = ctx.services;
  storage::TemplateStore store(services.db);
  ASSIGN_OR_RETURN(auto existing,
                   FromStore(store.FindByName(ctx.partition, waba.id, shape.name, shape.language)));
  if (existing) {
    return InvalidParameters("(#100) Invalid parameter: a template named '" + shape.name +
                             "' in language " + shape.language + " exists already (" +
                             existing->meta_template_id + ")");
  }
  ASSIGN_OR_RETURN(int64_t count, FromStore(store.Count(ctx.partition, waba.id)));
  if (count >= kMaxTemplatesPerWaba) {
    return InvalidParameters(
        whatsapp::MakeMetaError(2388019, "A WhatsApp Business Account can have at most " +
                                             std::to_string(kMaxTemplatesPerWaba) + " templates")
            .Message());
  }
  storage::TemplateRecord t;
  t.waba_id = waba.id;
  t.meta_template_id = NewMetaId(services.ids);
  t.name = shape.name;
  t.language = shape.language;
  t.category = shape.category;
  t.status = "PENDING";
  t.definition_json = WriteJson(StoredDefinition(shape));
  t.library_template_name = std::move(library_name);
  t.created_ms = t.updated_ms = services.clock.NowMillis();
  if (!approve_now) t.review_due_ms = NextReviewDue(services);

  storage::Transaction txn(services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(FromStore(store.Insert(ctx.partition, t)));
  if (approve_now)
    RETURN_IF_ERROR(ChangeTemplateStatus(services, ctx.partition, t, "APPROVED", std::nullopt));
  RETURN_IF_ERROR(FromStore(txn.Commit()));

  Value out = Value::Object();
  out.Set("metaTemplateId", t.meta_template_id);
  out.Set("templateStatus", t.status);
  out.Set("category", t.category);
  // A zero review delay approves (or rejects) right after the answer's PENDING, as Meta does.
  RETURN_IF_ERROR(RunDueTemplateReviews(services));
  return out;
}

// The template an input names: metaTemplateId, or templateName + templateLanguageCode.
Result<storage::TemplateRecord> FindTemplate(RequestContext& ctx, const storage::WabaRecord& waba,
                                             const Value& input) {
  storage::TemplateStore store(ctx.services.db);
  std::optional<storage::TemplateRecord> found;
  if (auto id = input.GetString("metaTemplateId")) {
    ASSIGN_OR_RETURN(found, FromStore(store.FindById(ctx.partition, waba.id, *id)));
    if (!found) return ResourceNotFound("No template " + *id + " in " + waba.id);
    return *found;
  }
  auto name = input.GetString("templateName");
  auto language = input.GetString("templateLanguageCode");
  if (!name || !language) {
    return InvalidParameters(
        "Name the template by metaTemplateId, or by templateName with templateLanguageCode");
  }
  ASSIGN_OR_RETURN(found, FromStore(store.FindByName(ctx.partition, waba.id, *name, *language)));
  if (!found) {
    return ResourceNotFound("No template '" + *name + "' in language " + *language + " in " +
                            waba.id);
  }
  return *found;
}

Result<whatsapp::TemplateShape> ShapeOf(const storage::TemplateRecord& t) {
  ASSIGN_OR_RETURN(Value definition, ParseJson(t.definition_json));
  auto checked = whatsapp::CheckTemplateDefinition(definition);
  if (auto* error = std::get_if<whatsapp::MetaError>(&checked)) {
    return InternalService("Stored template " + t.meta_template_id +
                           " no longer checks: " + error->Message());
  }
  return std::get<whatsapp::TemplateShape>(std::move(checked));
}

const whatsapp::TemplateLibrary& Library(RequestContext& ctx) {
  static const whatsapp::TemplateLibrary kEmpty;
  return ctx.services.library != nullptr ? *ctx.services.library : kEmpty;
}

}  // namespace

Result<Value> CreateWhatsAppMessageTemplate(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  Result<Value> definition = ParseJson(input.Get("templateDefinition")->AsBlob().bytes);
  if (!definition.ok()) {
    return InvalidParameters("(#100) Invalid parameter: templateDefinition is not JSON: " +
                             definition.error().message);
  }
  auto checked = whatsapp::CheckTemplateDefinition(*definition);
  if (auto* error = std::get_if<whatsapp::MetaError>(&checked)) return MetaRejection(*error);
  auto& shape = std::get<whatsapp::TemplateShape>(checked);
  RETURN_IF_ERROR(ResolveTemplateFlows(ctx, waba.id, &shape));
  return InsertTemplate(ctx, waba, shape, std::nullopt, /*approve_now=*/false);
}

Result<Value> CreateWhatsAppMessageTemplateFromLibrary(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  const Value& request = *input.Get("metaLibraryTemplate");
  std::string library_name = *request.GetString("libraryTemplateName");
  std::string language = *request.GetString("templateLanguage");
  const whatsapp::LibraryTemplate* entry = Library(ctx).Find(library_name, language);
  if (entry == nullptr) {
    return ResourceNotFound("No library template '" + library_name + "' in language " + language);
  }
  auto built = whatsapp::InstantiateLibraryTemplate(*entry, request);
  if (auto* error = std::get_if<whatsapp::MetaError>(&built)) return MetaRejection(*error);
  auto checked = whatsapp::CheckTemplateDefinition(std::get<Value>(built));
  if (auto* error = std::get_if<whatsapp::MetaError>(&checked)) return MetaRejection(*error);
  const auto& shape = std::get<whatsapp::TemplateShape>(checked);
  // Library content is pre-approved; choosing another category is a change Meta reviews.
  bool approve_now = shape.category == entry->category;
  return InsertTemplate(ctx, waba, shape, library_name, approve_now);
}

Result<Value> GetWhatsAppMessageTemplate(RequestContext& ctx, const Value& input) {
  RETURN_IF_ERROR(RunDueTemplateReviews(ctx.services));
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  ASSIGN_OR_RETURN(auto t, FindTemplate(ctx, waba, input));
  Value out = Value::Object();
  out.Set("template", MetaTemplateJson(t));
  return out;
}

Result<Value> ListWhatsAppMessageTemplates(RequestContext& ctx, const Value& input) {
  RETURN_IF_ERROR(RunDueTemplateReviews(ctx.services));
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  const std::string list_name = "templates:" + waba.id;
  ASSIGN_OR_RETURN(int64_t after, NextTokenPosition(input, list_name));
  int limit = static_cast<int>(input.GetInt("maxResults").value_or(kDefaultPageSize));
  ASSIGN_OR_RETURN(auto rows, FromStore(storage::TemplateStore(ctx.services.db)
                                            .ListAfter(ctx.partition, waba.id, after, limit + 1)));
  Value list = Value::List();
  for (int i = 0; i < static_cast<int>(rows.size()) && i < limit; ++i) {
    list.Push(TemplateSummary(rows[i]));
  }
  Value out = Value::Object();
  out.Set("templates", std::move(list));
  if (static_cast<int>(rows.size()) > limit) {
    out.Set("nextToken", MakePageToken(list_name, rows[limit - 1].seq));
  }
  return out;
}

Result<Value> UpdateWhatsAppMessageTemplate(RequestContext& ctx, const Value& input) {
  Services& services = ctx.services;
  RETURN_IF_ERROR(RunDueTemplateReviews(services));
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  ASSIGN_OR_RETURN(auto t, FindTemplate(ctx, waba, input));
  storage::TemplateStore store(services.db);

  const Value* components_blob = input.Get("templateComponents");
  std::optional<Value> components;
  if (components_blob != nullptr) {
    Result<Value> parsed = ParseJson(components_blob->AsBlob().bytes);
    if (!parsed.ok() || !parsed->is_list()) {
      return InvalidParameters("(#100) Invalid parameter: templateComponents must be a JSON array");
    }
    components = *parsed;
  }
  auto category = input.GetString("templateCategory");
  auto parameter_format = input.GetString("parameterFormat");
  bool content_changes = components || category || parameter_format;

  int64_t now = services.clock.NowMillis();
  if (content_changes && t.status == "APPROVED") {
    // Meta: an approved template can be edited once in 24 hours and 10 times in 30 days.
    ASSIGN_OR_RETURN(int64_t last_day,
                     FromStore(store.CountEditsSince(t.meta_template_id, now - kDayMs)));
    ASSIGN_OR_RETURN(int64_t last_month,
                     FromStore(store.CountEditsSince(t.meta_template_id, now - 30 * kDayMs)));
    if (last_day >= 1) {
      return InvalidParameters(
          "(#100) Invalid parameter: an approved template can be edited once "
          "in 24 hours; template " +
          t.meta_template_id + " was edited already");
    }
    if (last_month >= 10) {
      return InvalidParameters(
          "(#100) Invalid parameter: an approved template can be edited 10 "
          "times in 30 days; template " +
          t.meta_template_id + " reached the limit");
    }
  }
  if (content_changes) {
    ASSIGN_OR_RETURN(auto current, ShapeOf(t));
    auto checked = whatsapp::CheckTemplateEdit(current, components ? &*components : nullptr,
                                               category, parameter_format);
    if (auto* error = std::get_if<whatsapp::MetaError>(&checked)) return MetaRejection(*error);
    auto& shape = std::get<whatsapp::TemplateShape>(checked);
    if (components) RETURN_IF_ERROR(ResolveTemplateFlows(ctx, waba.id, &shape));
    t.definition_json = WriteJson(StoredDefinition(shape));
    t.category = shape.category;
  }
  if (auto opted_out = input.GetBool("ctaUrlLinkTrackingOptedOut")) {
    t.cta_url_link_tracking_opted_out = *opted_out;
  }
  storage::Transaction txn(services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  if (content_changes) {
    if (t.status == "APPROVED")
      RETURN_IF_ERROR(FromStore(store.RecordEdit(t.meta_template_id, now)));
    // An edit sends the template back to review.
    t.status = "PENDING";
    t.rejected_reason.reset();
    t.review_due_ms = NextReviewDue(services);
  }
  t.updated_ms = now;
  RETURN_IF_ERROR(FromStore(store.Update(ctx.partition, t)));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  RETURN_IF_ERROR(RunDueTemplateReviews(services));
  return Value::Object();
}

Result<Value> DeleteWhatsAppMessageTemplate(RequestContext& ctx, const Value& input) {
  Services& services = ctx.services;
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  std::string name = *input.GetString("templateName");
  storage::TemplateStore store(services.db);
  std::vector<storage::TemplateRecord> doomed;
  if (auto id = input.GetString("metaTemplateId");
      id && !input.GetBool("deleteAllLanguages").value_or(false)) {
    ASSIGN_OR_RETURN(auto one, FromStore(store.FindById(ctx.partition, waba.id, *id)));
    if (!one || one->name != name) {
      return ResourceNotFound("No template " + *id + " named '" + name + "' in " + waba.id);
    }
    doomed.push_back(*one);
  } else {
    // Without a metaTemplateId (or with deleteAllTemplates) every language of the name goes.
    ASSIGN_OR_RETURN(doomed, FromStore(store.ListByName(ctx.partition, waba.id, name)));
    if (doomed.empty()) return ResourceNotFound("No template named '" + name + "' in " + waba.id);
  }
  storage::Transaction txn(services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  for (const auto& t : doomed) {
    RETURN_IF_ERROR(FromStore(store.Delete(t.meta_template_id)));
    RETURN_IF_ERROR(RecordTemplateEvent(services, ctx.partition, t, "DELETED", std::nullopt));
  }
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return Value::Object();
}

Result<Value> ListWhatsAppTemplateLibrary(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  const Value* filters = input.Get("filters");
  ASSIGN_OR_RETURN(auto matches, Library(ctx).Filter(filters ? *filters : Value::Object()));
  constexpr char kListName[] = "template-library";
  ASSIGN_OR_RETURN(int64_t start, NextTokenPosition(input, kListName));
  if (start > static_cast<int64_t>(matches.size())) {
    return InvalidParameters("The nextToken is not valid for this list");
  }
  int64_t limit = input.GetInt("maxResults").value_or(kDefaultPageSize);
  Value list = Value::List();
  int64_t end = std::min<int64_t>(start + limit, matches.size());
  for (int64_t i = start; i < end; ++i) list.Push(matches[i]->definition);
  Value out = Value::Object();
  out.Set("metaLibraryTemplates", std::move(list));
  if (end < static_cast<int64_t>(matches.size()))
    out.Set("nextToken", MakePageToken(kListName, end));
  return out;
}

// Runs on a worker (it waits on S3): the WABA is read through ReadState.
Result<Value> CreateWhatsAppMessageTemplateMedia(RequestContext& ctx, const Value& input) {
  storage::WabaRecord waba;
  RETURN_IF_ERROR(ReadState(ctx, [&](RequestContext& state) -> Status {
    ASSIGN_OR_RETURN(waba, RequireWaba(state, *input.GetString("id")));
    return {};
  }));
  const Value* source = input.Get("sourceS3File");
  if (source == nullptr)
    return InvalidParameters("sourceS3File is required: the header media in S3");
  if (ctx.services.objects == nullptr) return InternalService("No object store is configured");
  std::string bucket = *source->GetString("bucketName");
  std::string key = *source->GetString("key");
  auto fetched = ctx.services.objects->Get(bucket, key);
  if (auto* failure = std::get_if<objectstore::ObjectFailure>(&fetched)) {
    if (failure->code == objectstore::ObjectError::kUnavailable) {
      return ApiError{ErrorCode::kDependency, "S3 is unavailable: " + failure->message};
    }
    return InvalidParameters("Cannot read s3://" + bucket + "/" + key + ": " + failure->message);
  }
  const auto& object = std::get<objectstore::StoredObject>(fetched);
  std::string mime = whatsapp::EffectiveMime(object.content_type, key);
  auto type = whatsapp::MediaTypeForMime(mime);
  // Template headers take images, videos and PDF documents.
  bool allowed = type && (type->kind == "image" || type->kind == "video" ||
                          type->mime_type == "application/pdf");
  if (!allowed) {
    return InvalidParameters(
        "Template header media must be JPEG or PNG, MP4 or 3GPP, or PDF; s3://" + bucket + "/" +
        key + " is '" + mime + "'");
  }
  if (static_cast<int64_t>(object.bytes.size()) > type->max_bytes) {
    return InvalidParameters("Template header " + type->kind + " is " +
                             std::to_string(object.bytes.size()) + " bytes; the limit is " +
                             std::to_string(type->max_bytes));
  }
  // Meta's header handles look like "4::<base64 MIME>:<opaque>".
  Value out = Value::Object();
  out.Set("metaHeaderHandle", "4::" + Base64Encode(type->mime_type) + ":" +
                                  Sha256Hex(waba.id + "|" + object.bytes).substr(0, 40));
  return out;
}

}  // namespace socialite
