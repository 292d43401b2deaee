#include "server/dispatch/dispatcher.h"

#include <future>
#include <memory>

namespace socialite {

HttpResponse HandleAndWait(RequestHandler& handler, HttpRequest request) {
  auto answer = std::make_shared<std::promise<HttpResponse>>();
  std::future<HttpResponse> response = answer->get_future();
  handler.Handle(std::move(request),
                 [answer](HttpResponse reply) { answer->set_value(std::move(reply)); });
  return response.get();
}

}  // namespace socialite
