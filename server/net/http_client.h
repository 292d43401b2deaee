// HttpClient: outgoing HTTP(S) requests (to S3-compatible servers, webhook receivers, SNS).
// Blocking, one request per call, with a total timeout; safe to call from any thread.
// The implementation is the only place outside the server side of net/ that uses Beast.
#pragma once

#include <string>

#include "server/dispatch/http_message.h"

namespace socialite::net {

struct ClientResult {
  bool ok = false;         // a response arrived (whatever its status)
  std::string error;       // transport error when !ok
  HttpResponse response;
};

// `url` is absolute: http://host[:port]/path?query or https://… . `request.method`, headers
// and body are sent as given (Host and Content-Length are added).
ClientResult SendHttp(const std::string& url, const HttpRequest& request, int timeout_ms = 10000);

}  // namespace socialite::net
