// HttpClient: outgoing HTTP(S) requests (to S3-compatible servers, webhook receivers, SNS).
// Blocking, one request per call, with a total timeout and an optional stop token that aborts
// the call from another thread; safe to call from any thread.
// The implementation is the only place outside the server side of net/ that uses Beast.
#pragma once

#include <cstddef>
#include <memory>
#include <stop_token>
#include <string>

#include "server/dispatch/http_message.h"

namespace socialite::net {

struct ClientResult {
  bool ok = false;    // a response arrived (whatever its status)
  std::string error;  // transport error when !ok
  HttpResponse response;
};

// `url` is absolute: http://host[:port]/path?query or https://… . `request.method`, headers
// and body are sent as given (Host and Content-Length are added).
// A new connection per call, closed after the response. A stop requested on `stop` aborts the
// call at once.
ClientResult SendHttp(const std::string& url, const HttpRequest& request, int timeout_ms = 10000,
                      std::stop_token stop = {});

class ConnectionPool;

// Like SendHttp, but keeps connections alive between calls (a few idle ones per origin, for a
// few seconds) and reuses them. A reused connection that fails before any byte of a response
// arrived (the server had closed it) is retried once on a new connection, within the same
// timeout.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  ClientResult Send(const std::string& url, const HttpRequest& request, int timeout_ms = 10000,
                    std::stop_token stop = {});
  size_t IdleConnections();

 private:
  std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace socialite::net
