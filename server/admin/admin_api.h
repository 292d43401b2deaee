// AdminApi: Socialite's own endpoints under /_socialite/ — inspection and control that AWS
// does not have. Callers serialize access (the dispatcher holds the state lock).
#pragma once

#include <atomic>
#include <string>

#include "server/dispatch/http_message.h"
#include "server/handlers/request_context.h"
#include "server/protocol/router.h"

namespace socialite {

class AdminApi {
 public:
  static constexpr char kPrefix[] = "/_socialite/";
  static bool Owns(const std::string& path);

  // `fixtures_text` is what reset loads again (empty: nothing).
  AdminApi(Services& services, std::string fixtures_text);

  HttpResponse Handle(const HttpRequest& request, const protocol::Target& target);
  // Wipes all state and loads the fixtures again.
  Status Reset();

  void SetReady(bool ready) { ready_ = ready; }

 private:
  HttpResponse Health() const;
  // POST templates/{id}/review {"status": APPROVED|REJECTED|PAUSED|DISABLED, "reason"?}.
  HttpResponse ReviewTemplate(const std::string& meta_template_id, const std::string& body);

  Services& services_;
  std::string fixtures_text_;
  std::atomic<bool> ready_{false};
  int64_t started_ms_;
};

}  // namespace socialite
