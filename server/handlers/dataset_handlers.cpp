// Conversion datasets: CreateWhatsAppDataset gives the WABA Meta's one dataset;
// SendWhatsAppConversionEvent checks events as Meta's Conversions API does and keeps them.
#include "server/core/json.h"
#include "server/handlers/handler_table.h"
#include "server/handlers/lookups.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "server/whatsapp/conversion_rules.h"
#include "storage/dataset_store.h"
#include "storage/statement.h"

namespace socialite {
namespace {

// A request id in the form of Meta's fbtrace_id: 'A' and 22 URL-safe base64 characters.
std::string NewRequestId(IdGenerator& ids) { return "A" + ids.UrlSafeBase64(16).substr(0, 22); }

std::string JoinProblems(const std::vector<std::string>& problems) {
  constexpr size_t kShown = 10;
  std::string text;
  for (size_t i = 0; i < problems.size() && i < kShown; ++i) {
    if (!text.empty()) text += "; ";
    text += problems[i];
  }
  if (problems.size() > kShown) {
    text += "; and " + std::to_string(problems.size() - kShown) + " more";
  }
  return text;
}

}  // namespace

Result<Value> CreateWhatsAppDataset(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  storage::DatasetStore store(ctx.services.db);
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  // Meta answers the dataset the WABA already has; a new id is used only for the first.
  ASSIGN_OR_RETURN(auto dataset_id,
                   FromStore(store.CreateDataset(waba.meta_waba_id, NewMetaId(ctx.services.ids),
                                                 ctx.services.clock.NowMillis())));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  Value out = Value::Object();
  out.Set("datasetId", dataset_id);
  return out;
}

Result<Value> SendWhatsAppConversionEvent(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto waba, RequireWaba(ctx, *input.GetString("id")));
  std::string dataset_id = *input.GetString("datasetId");
  storage::DatasetStore store(ctx.services.db);
  ASSIGN_OR_RETURN(auto dataset, FromStore(store.FindDataset(waba.meta_waba_id)));
  if (!dataset) {
    return ResourceNotFound("WhatsApp Business Account " + waba.id +
                            " has no dataset; call CreateWhatsAppDataset first");
  }
  if (*dataset != dataset_id) {
    return ResourceNotFound("Dataset " + dataset_id + " is not the dataset of " + waba.id);
  }
  Result<Value> payload = ParseJson(input.Get("eventData")->AsBlob().bytes);
  if (!payload.ok()) {
    return InvalidParameters("eventData is not valid JSON: " + payload.error().message);
  }
  int64_t now_ms = ctx.services.clock.NowMillis();
  whatsapp::ConversionCheck check =
      whatsapp::CheckConversionEvents(*payload, waba.meta_waba_id, now_ms / 1000);
  if (!check.problems.empty()) {
    return InvalidParameters("Meta rejected the conversion events (code 100): " +
                             JoinProblems(check.problems));
  }

  std::string request_id = NewRequestId(ctx.services.ids);
  std::vector<storage::ConversionEventRecord> records;
  for (auto& event : check.events) {
    storage::ConversionEventRecord record;
    record.waba_id = waba.id;
    record.dataset_id = dataset_id;
    record.request_id = request_id;
    record.event_name = event.event_name;
    record.event_time = event.event_time;
    record.event_id = event.event_id;
    record.ctwa_clid = event.ctwa_clid;
    record.event_json = WriteJson(event.event);
    record.received_ms = now_ms;
    records.push_back(std::move(record));
  }
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(FromStore(store.AppendEvents(ctx.partition, records)));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  Value out = Value::Object();
  out.Set("requestId", request_id);
  return out;
}

}  // namespace socialite
