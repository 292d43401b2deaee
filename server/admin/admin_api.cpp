#include "server/admin/admin_api.h"

#include "server/fixtures/fixture_loader.h"
#include "server/handlers/store_errors.h"
#include "server/protocol/serializer.h"

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
  return AdminError(404, "No admin endpoint " + request.method + " " + target.path);
}

}  // namespace socialite
