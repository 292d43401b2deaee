// Dispatcher: HttpRequest in, HttpResponse out — the whole API behind one pure call.
// Thread-safe: the network layer may call Handle from several io threads at once.
#pragma once

#include "server/dispatch/http_message.h"

namespace socialite {

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual HttpResponse Handle(const HttpRequest& request) = 0;
  // The AWS-shaped 413 the network layer sends when a body exceeds the limit.
  virtual HttpResponse TooLarge() = 0;
};

}  // namespace socialite
