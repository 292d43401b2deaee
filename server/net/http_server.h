// HttpServer: serves a RequestHandler over HTTP/1.1 on one address, with N io threads running
// one io_context. It is the whole network layer as seen from main.cpp and the tests; Beast and
// Asio stay behind this header.
//
// Lifecycle: construct, Listen() (binds; the port is known afterwards), Run() (blocks serving),
// Stop() from any thread (stop accepting, finish in-flight responses, close idle connections;
// Run() returns once every connection is gone or drain_timeout has passed), destroy.
//
// Thread-safety: Stop() may be called from any thread, any number of times, even before Run().
// The other methods are called by the owner's thread. The handler is called from several io
// threads at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "server/config/options.h"
#include "server/core/result.h"
#include "server/dispatch/dispatcher.h"

namespace socialite::net {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // IPv4/IPv6 literal or a name such as "localhost"
  int port = 0;                    // 0: the system picks a free port
  int threads = 1;
  size_t max_body_bytes = 10 * 1024 * 1024;
  size_t max_header_bytes = 64 * 1024;
  std::chrono::milliseconds request_timeout = std::chrono::seconds(30);
  size_t max_connections = 1024;
  // Upper bound on a graceful stop: connections still open then are dropped.
  std::chrono::milliseconds drain_timeout = std::chrono::seconds(5);
  // How long a closing connection discards the peer's remaining input (see HttpSession).
  std::chrono::milliseconds linger_timeout = std::chrono::seconds(1);
};

// The network settings among the command-line options.
HttpServerOptions HttpServerOptionsFrom(const Options& options);

// Where the server listens, as bound (never port 0).
struct BoundEndpoint {
  std::string address;  // e.g. "127.0.0.1" or "::1"
  uint16_t port = 0;
  // "127.0.0.1:4576", or "[::1]:4576" for IPv6.
  std::string ToString() const;
};

class HttpServer {
 public:
  // REQUIRES: `handler` outlives the server.
  HttpServer(HttpServerOptions options, RequestHandler& handler);
  // REQUIRES: Run() is not running (it has returned, or was never called).
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Resolves the host and binds every address it names (at least one must succeed), then
  // starts accepting; connections are served once Run() is called. Call once.
  Status Listen();

  // REQUIRES: Listen() succeeded.
  const BoundEndpoint& bound_endpoint() const;

  // Serves on `threads` threads, the caller's among them, until Stop() has drained.
  // Returns at once if Listen() did not succeed.
  void Run();

  // Begins a graceful stop; returns without waiting.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace socialite::net
