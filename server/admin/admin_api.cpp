#include "server/admin/admin_api.h"

#include <algorithm>
#include <vector>

#include "server/core/json.h"
#include "server/fixtures/fixture_loader.h"
#include "server/handlers/store_errors.h"
#include "server/handlers/template_lifecycle.h"
#include "server/protocol/serializer.h"
#include "storage/statement.h"
#include "storage/template_store.h"

namespace socialite {
namespace {

HttpResponse AdminError(int status, const std::string& message) {
  Value body = Value::Object();
  body.Set("error", message);
  return protocol::JsonResponse(status, body);
}

}  // namespace

bool AdminApi::Owns(const std::string& path) {
  return path.rfind(kPrefix, 0) == 0 || path == "/_socialite";
}

AdminApi::AdminApi(Services& services, std::string fixtures_text)
    : services_(services),
      fixtures_text_(std::move(fixtures_text)),
      started_ms_(services.clock.NowMillis()) {}

Status AdminApi::Reset() {
  RETURN_IF_ERROR(FromStore(services_.db.DeleteAllRows()));
  if (fixtures_text_.empty()) return {};
  return LoadFixtures(services_, fixtures_text_);
}

HttpResponse AdminApi::Health() const {
  Value body = Value::Object();
  body.Set("status", ready_ ? "ready" : "starting");
  body.Set("region", services_.options.region);
  body.Set("account", services_.options.account);
  body.Set("uptimeSeconds", (services_.clock.NowMillis() - started_ms_) / 1000);
  return protocol::JsonResponse(ready_ ? 200 : 503, body);
}

HttpResponse AdminApi::ReviewTemplate(const std::string& meta_template_id,
                                      const std::string& body) {
  Result<Value> request = ParseJson(body);
  if (!request.ok() || !request->is_object()) return AdminError(400, "Body must be a JSON object");
  std::string status = request->GetString("status").value_or("");
  static const std::vector<std::string> kStatuses = {"APPROVED", "REJECTED", "PAUSED", "DISABLED"};
  if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end()) {
    return AdminError(400, "status must be APPROVED, REJECTED, PAUSED or DISABLED");
  }
  std::optional<std::string> reason = request->GetString("reason");
  if (status == "REJECTED" && !reason) reason = "INVALID_FORMAT";
  storage::TemplateStore store(services_.db);
  auto found = store.FindAnywhere(meta_template_id);
  if (!found.ok()) return AdminError(500, found.error().message);
  if (!found.value()) return AdminError(404, "No template " + meta_template_id);
  auto [partition, t] = *found.value();
  storage::Transaction txn(services_.db);
  Status changed = FromStore(txn.begin_status());
  if (changed.ok()) changed = ChangeTemplateStatus(services_, partition, t, status, reason);
  if (changed.ok()) changed = FromStore(txn.Commit());
  if (!changed.ok()) return AdminError(500, changed.error().message);
  Value out = Value::Object();
  out.Set("metaTemplateId", t.meta_template_id);
  out.Set("status", t.status);
  if (t.rejected_reason) out.Set("reason", *t.rejected_reason);
  return protocol::JsonResponse(200, out);
}

HttpResponse AdminApi::Handle(const HttpRequest& request, const protocol::Target& target) {
  const std::string route = target.path.substr(std::min(target.path.size(), sizeof(kPrefix) - 1));
  if (route == "health") {
    if (request.method != "GET") return AdminError(405, "Use GET");
    return Health();
  }
  if (route == "reset") {
    if (request.method != "POST") return AdminError(405, "Use POST");
    Status status = Reset();
    if (!status.ok()) return AdminError(500, status.error().message);
    Value body = Value::Object();
    body.Set("status", "reset");
    return protocol::JsonResponse(200, body);
  }
  // templates/{metaTemplateId}/review
  const std::string kTemplates = "templates/";
  if (route.rfind(kTemplates, 0) == 0 && route.size() > kTemplates.size()) {
    std::string rest = route.substr(kTemplates.size());
    size_t slash = rest.find('/');
    if (slash != std::string::npos && rest.substr(slash + 1) == "review") {
      if (request.method != "POST") return AdminError(405, "Use POST");
      return ReviewTemplate(rest.substr(0, slash), request.body);
    }
  }
  return AdminError(404, "No admin endpoint " + request.method + " " + target.path);
}

}  // namespace socialite
