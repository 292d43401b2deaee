// WhatsApp Flows of a WABA: create (from JSON, or as a clone), update metadata and the
// flow.json asset, get, list, preview, publish, deprecate and delete, with Meta's lifecycle
// (see flow_lifecycle.h).
#include "server/handlers/flow_lifecycle.h"
#include "server/handlers/handler_table.h"
#include "server/handlers/lookups.h"
#include "server/handlers/page_token.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "storage/flow_store.h"
#include "storage/phone_number_store.h"
#include "storage/statement.h"

namespace socialite {
namespace {

constexpr int kDefaultPageSize = 20;
// The app a flow is attached to until the business attaches its own (metaAppId).
constexpr char kServiceAppId[] = "1083745209846271";
constexpr char kServiceAppName[] = "AWS End User Messaging Social";

using storage::FlowRecord;

Result<FlowRecord> RequireFlow(RequestContext& ctx, const storage::WabaRecord& waba,
                               const std::string& flow_id) {
  ASSIGN_OR_RETURN(
      auto found,
      FromStore(storage::FlowStore(ctx.services.db).FindById(ctx.partition, waba.id, flow_id)));
  if (!found) {
    return ResourceNotFound("No flow " + flow_id + " in " + waba.id +
                            " (ListWhatsAppFlows shows the WABA's flows)");
  }
  return *std::move(found);
}

// The WABA and flow an input's `id` and `flowId` name.
Result<std::pair<storage::WabaRecord, FlowRecord>> RequireWabaAndFlow(RequestContext& ctx,
                                                                      const Value& input) {
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  ASSIGN_OR_RETURN(auto flow, RequireFlow(ctx, waba, *input.GetString("flowId")));
  return std::make_pair(std::move(waba), std::move(flow));
}

std::vector<std::string> Strings(const Value& list) {
  std::vector<std::string> out;
  for (const Value& item : list.AsList()) out.push_back(item.AsString());
  return out;
}

Value StringList(const std::vector<std::string>& items) {
  Value list = Value::List();
  for (const auto& item : items) list.Push(Value(item));
  return list;
}

bool Frozen(const FlowRecord& flow) {
  return flow.status == storage::kFlowDeprecated || flow.status == storage::kFlowBlocked ||
         flow.status == storage::kFlowThrottled;
}

Status CheckEndpointUri(const std::string& uri) {
  if (uri.rfind("https://", 0) == 0 || uri.rfind("http://", 0) == 0) return {};
  return InvalidParameters("(#100) Invalid parameter: endpointUri must be an https:// URL, got '" +
                           uri + "'");
}

// Stores an edited flow; a rename onto another flow's name is Meta's error 100.
Status StoreEdit(RequestContext& ctx, FlowRecord& flow) {
  flow.updated_ms = ctx.services.clock.NowMillis();
  storage::StoreStatus stored = storage::FlowStore(ctx.services.db).Update(ctx.partition, flow);
  if (stored.code() == storage::StoreCode::kAlreadyExists) return FlowNameTaken(flow.name);
  return FromStore(stored);
}

Value PreviewValue(RequestContext& ctx, const FlowRecord& flow) {
  Value preview = Value::Object();
  preview.Set("previewUrl", FlowPreviewUrl(ctx.origin, flow));
  preview.Set("expiresAt", MetaFlowTimestamp(flow.preview_expires_ms));
  return preview;
}

std::string Availability(const FlowRecord& flow) {
  if (flow.status == storage::kFlowThrottled) return "LIMITED";
  if (flow.status == storage::kFlowBlocked || flow.status == storage::kFlowDeprecated)
    return "BLOCKED";
  return "AVAILABLE";
}

Value HealthEntity(const std::string& type, const std::string& id, const std::string& can_send) {
  Value entity = Value::Object();
  entity.Set("entityType", type);
  entity.Set("id", id);
  entity.Set("canSendMessage", can_send);
  return entity;
}

}  // namespace

Result<Value> CreateWhatsAppFlow(RequestContext& ctx, const Value& input) {
  Services& services = ctx.services;
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  const Value* json = input.Get("flowJson");
  auto clone_id = input.GetString("cloneFlowId");
  if (json != nullptr && clone_id) {
    return InvalidParameters(
        "(#100) Invalid parameter: give flowJson or cloneFlowId, not both (a clone copies the "
        "source flow's JSON)");
  }
  storage::FlowStore store(services.db);
  FlowRecord flow;
  flow.waba_id = waba.id;
  flow.flow_id = NewMetaId(services.ids);
  flow.name = *input.GetString("flowName");
  flow.categories = Strings(*input.Get("categories"));
  flow.endpoint_uri = input.GetString("endpointUri");
  if (flow.endpoint_uri) RETURN_IF_ERROR(CheckEndpointUri(*flow.endpoint_uri));
  flow.created_ms = flow.updated_ms = services.clock.NowMillis();
  ASSIGN_OR_RETURN(auto same_name, FromStore(store.FindByName(ctx.partition, waba.id, flow.name)));
  if (same_name) return FlowNameTaken(flow.name);
  if (clone_id) {
    ASSIGN_OR_RETURN(auto source, FromStore(store.FindById(ctx.partition, waba.id, *clone_id)));
    if (!source) {
      return ResourceNotFound("No flow " + *clone_id + " to clone in " + waba.id +
                              " (a clone copies a flow of the same WABA)");
    }
    if (source->flow_json) ApplyFlowJson(services, flow, *source->flow_json);
  }
  if (json != nullptr) ApplyFlowJson(services, flow, json->AsBlob().bytes);
  IssuePreview(services, flow);

  storage::Transaction txn(services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  storage::StoreStatus inserted = store.Insert(ctx.partition, flow);
  if (inserted.code() == storage::StoreCode::kAlreadyExists) return FlowNameTaken(flow.name);
  RETURN_IF_ERROR(FromStore(inserted));
  RETURN_IF_ERROR(RecordFlowCreated(services, ctx.partition, flow));
  if (input.GetBool("publish").value_or(false)) {
    // A flow that cannot be published yet stays DRAFT; the call still succeeds (AWS UG).
    ASSIGN_OR_RETURN(
        auto numbers,
        FromStore(storage::PhoneNumberStore(services.db).ListForWaba(ctx.partition, waba.id)));
    if (!PublishBlocker(flow, !numbers.empty())) {
      RETURN_IF_ERROR(ChangeFlowStatus(services, ctx.partition, flow, storage::kFlowPublished));
    }
  }
  RETURN_IF_ERROR(FromStore(txn.Commit()));

  Value out = Value::Object();
  out.Set("flowId", flow.flow_id);
  out.Set("validationErrors", StringList(flow.validation_errors));
  return out;
}

Result<Value> UpdateWhatsAppFlow(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto found, RequireWabaAndFlow(ctx, input));
  FlowRecord& flow = found.second;
  auto name = input.GetString("flowName");
  const Value* categories = input.Get("categories");
  auto endpoint_uri = input.GetString("endpointUri");
  auto app_id = input.GetString("metaAppId");
  if (Frozen(flow)) return FlowNotUpdatable(flow, "only DRAFT and PUBLISHED flows can be updated");
  if (endpoint_uri) {
    if (flow.status != storage::kFlowDraft) {
      return FlowNotUpdatable(flow, "the endpoint URI can be changed only while the flow is DRAFT");
    }
    RETURN_IF_ERROR(CheckEndpointUri(*endpoint_uri));
    flow.endpoint_uri = endpoint_uri;
  }
  // Attaching the business's own app is one-way; it can be replaced by another of its apps.
  if (app_id) flow.meta_app_id = app_id;
  bool content_changes = (name && *name != flow.name) || categories != nullptr;
  if (name) flow.name = *name;
  if (categories != nullptr) flow.categories = Strings(*categories);
  // Editing a published flow puts it back in DRAFT (Meta's current lifecycle).
  if (content_changes && flow.status == storage::kFlowPublished) flow.status = storage::kFlowDraft;
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(StoreEdit(ctx, flow));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return Value::Object();
}

Result<Value> UpdateWhatsAppFlowAssets(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto found, RequireWabaAndFlow(ctx, input));
  FlowRecord& flow = found.second;
  if (Frozen(flow)) {
    return FlowNotUpdatable(flow, "the Flow JSON of a " + flow.status + " flow cannot change");
  }
  ApplyFlowJson(ctx.services, flow, input.Get("flowJson")->AsBlob().bytes);
  // A new Flow JSON for a published flow reverts it to DRAFT until it is published again.
  if (flow.status == storage::kFlowPublished) flow.status = storage::kFlowDraft;
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(StoreEdit(ctx, flow));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  Value out = Value::Object();
  out.Set("validationErrors", StringList(flow.validation_errors));
  return out;
}

Result<Value> ListWhatsAppFlowAssets(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto found, RequireWabaAndFlow(ctx, input));
  const FlowRecord& flow = found.second;
  const std::string list_name = "flow-assets:" + flow.flow_id;
  ASSIGN_OR_RETURN(int64_t start, NextTokenPosition(input, list_name));
  // A flow has one asset, its flow.json, once a Flow JSON was uploaded.
  std::vector<Value> assets;
  if (flow.flow_json) {
    Value asset = Value::Object();
    asset.Set("name", "flow.json");
    asset.Set("assetType", "FLOW_JSON");
    asset.Set("downloadUrl", FlowAssetUrl(ctx.origin, flow));
    assets.push_back(std::move(asset));
  }
  int64_t limit = input.GetInt("maxResults").value_or(kDefaultPageSize);
  int64_t end = std::min<int64_t>(start + limit, static_cast<int64_t>(assets.size()));
  Value list = Value::List();
  for (int64_t i = start; i < end; ++i) list.Push(assets[i]);
  Value out = Value::Object();
  out.Set("flowAssets", std::move(list));
  if (end < static_cast<int64_t>(assets.size()))
    out.Set("nextToken", MakePageToken(list_name, end));
  return out;
}

Result<Value> GetWhatsAppFlow(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto found, RequireWabaAndFlow(ctx, input));
  const auto& [waba, flow] = found;
  Value out = Value::Object();
  out.Set("flowId", flow.flow_id);
  out.Set("flowName", flow.name);
  out.Set("flowStatus", flow.status);
  out.Set("categories", StringList(flow.categories));
  out.Set("validationErrors", StringList(flow.validation_errors));
  if (flow.json_version) out.Set("jsonVersion", *flow.json_version);
  if (flow.data_api_version) out.Set("dataApiVersion", *flow.data_api_version);
  if (flow.endpoint_uri) out.Set("endpointUri", *flow.endpoint_uri);
  if (PreviewValid(ctx.services, flow)) out.Set("preview", PreviewValue(ctx, flow));

  Value account = Value::Object();
  account.Set("id", waba.meta_waba_id);
  account.Set("name", waba.name);
  account.Set("currency", "USD");
  account.Set("timezoneId", "1");
  account.Set("messageTemplateNamespace", "socialite_" + waba.meta_waba_id);
  out.Set("whatsAppBusinessAccount", std::move(account));

  std::string app_id = flow.meta_app_id.value_or(kServiceAppId);
  Value application = Value::Object();
  application.Set("link", "https://developers.facebook.com/apps/" + app_id + "/");
  application.Set("name", flow.meta_app_id ? "Meta app " + app_id : kServiceAppName);
  application.Set("id", app_id);
  out.Set("application", std::move(application));

  std::string can_send = Availability(flow);
  Value entities = Value::List();
  entities.Push(HealthEntity("FLOW", flow.flow_id, can_send));
  entities.Push(HealthEntity("WABA", waba.meta_waba_id, "AVAILABLE"));
  entities.Push(HealthEntity("APP", app_id, "AVAILABLE"));
  Value health = Value::Object();
  health.Set("canSendMessage", can_send);
  health.Set("entities", std::move(entities));
  out.Set("healthStatus", std::move(health));
  return out;
}

Result<Value> ListWhatsAppFlows(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  const std::string list_name = "flows:" + waba.id;
  ASSIGN_OR_RETURN(int64_t after, NextTokenPosition(input, list_name));
  int limit = static_cast<int>(input.GetInt("maxResults").value_or(kDefaultPageSize));
  ASSIGN_OR_RETURN(
      auto rows,
      FromStore(
          storage::FlowStore(ctx.services.db).ListAfter(ctx.partition, waba.id, after, limit + 1)));
  Value list = Value::List();
  for (int i = 0; i < static_cast<int>(rows.size()) && i < limit; ++i) {
    Value summary = Value::Object();
    summary.Set("flowId", rows[i].flow_id);
    summary.Set("flowName", rows[i].name);
    summary.Set("flowStatus", rows[i].status);
    summary.Set("flowCategories", StringList(rows[i].categories));
    summary.Set("validationErrors", StringList(rows[i].validation_errors));
    list.Push(std::move(summary));
  }
  Value out = Value::Object();
  out.Set("flows", std::move(list));
  if (static_cast<int>(rows.size()) > limit) {
    out.Set("nextToken", MakePageToken(list_name, rows[limit - 1].seq));
  }
  return out;
}

Result<Value> GetWhatsAppFlowPreview(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto found, RequireWabaAndFlow(ctx, input));
  FlowRecord& flow = found.second;
  if (input.GetBool("invalidate").value_or(false) || !PreviewValid(ctx.services, flow)) {
    // A new link is a write: a reader hands the request to the writer.
    if (ctx.services.read_only) return NeedsWriter();
    IssuePreview(ctx.services, flow);
    storage::Transaction txn(ctx.services.db);
    RETURN_IF_ERROR(FromStore(txn.begin_status()));
    RETURN_IF_ERROR(FromStore(storage::FlowStore(ctx.services.db).Update(ctx.partition, flow)));
    RETURN_IF_ERROR(FromStore(txn.Commit()));
  }
  Value out = Value::Object();
  out.Set("flowId", flow.flow_id);
  out.Set("preview", PreviewValue(ctx, flow));
  return out;
}

Result<Value> PublishWhatsAppFlow(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto found, RequireWabaAndFlow(ctx, input));
  auto& [waba, flow] = found;
  ASSIGN_OR_RETURN(
      auto numbers,
      FromStore(storage::PhoneNumberStore(ctx.services.db).ListForWaba(ctx.partition, waba.id)));
  if (auto blocker = PublishBlocker(flow, !numbers.empty())) {
    return FlowNotPublishable(flow, *blocker);
  }
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(ChangeFlowStatus(ctx.services, ctx.partition, flow, storage::kFlowPublished));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return Value::Object();
}

Result<Value> DeprecateWhatsAppFlow(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto found, RequireWabaAndFlow(ctx, input));
  FlowRecord& flow = found.second;
  if (flow.status != storage::kFlowPublished) return FlowNotDeprecatable(flow);
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(ChangeFlowStatus(ctx.services, ctx.partition, flow, storage::kFlowDeprecated));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return Value::Object();
}

Result<Value> DeleteWhatsAppFlow(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto found, RequireWabaAndFlow(ctx, input));
  const FlowRecord& flow = found.second;
  if (flow.status != storage::kFlowDraft) return FlowNotDeletable(flow);
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(
      FromStore(storage::FlowStore(ctx.services.db).Delete(ctx.partition, flow.flow_id)));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return Value::Object();
}

}  // namespace socialite
