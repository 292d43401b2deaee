// ApiDispatcher: the request pipeline — route, bind, validate, handle, serialize — plus the
// admin API under /_socialite/. Thread-safe: handlers (which touch storage) run one at a
// time under `state_mutex`; parsing and serialization run outside it.
#pragma once

#include <mutex>

#include "server/admin/admin_api.h"
#include "server/dispatch/dispatcher.h"
#include "server/handlers/handler_table.h"
#include "server/protocol/router.h"

namespace socialite {

class ApiDispatcher : public RequestHandler {
 public:
  ApiDispatcher(const spec::ServiceSpec& spec, HandlerTable handlers, Services& services,
                AdminApi& admin, std::mutex& state_mutex);

  HttpResponse Handle(const HttpRequest& request) override;
  HttpResponse TooLarge() override;

 private:
  HttpResponse HandleApi(const HttpRequest& request, const protocol::Target& target);
  // Errors the operation does not list become the nearest error it does (DESIGN §4).
  ApiError Listed(const spec::Operation& operation, ApiError error) const;

  const spec::ServiceSpec& spec_;
  protocol::Router router_;
  HandlerTable handlers_;
  Services& services_;
  AdminApi& admin_;
  std::mutex& state_mutex_;
};

}  // namespace socialite
