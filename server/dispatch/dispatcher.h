// RequestHandler: HttpRequest in, HttpResponse out — the whole API behind one call, no
// sockets. Handle() does the quick part on the calling io thread and queues the rest (to the
// readers, the writer or a worker); the answer arrives through `respond`, exactly once, on
// whichever thread finished the request — possibly before Handle returns.
#pragma once

#include <functional>

#include "server/dispatch/http_message.h"

namespace socialite {

using Responder = std::function<void(HttpResponse)>;

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual void Handle(HttpRequest request, Responder respond) = 0;
  // The AWS-shaped 413 the network layer sends when a body exceeds the limit.
  virtual HttpResponse TooLarge() = 0;
};

// Handle(), waiting for the answer: for tests and tools, never for an io thread.
HttpResponse HandleAndWait(RequestHandler& handler, HttpRequest request);

}  // namespace socialite
