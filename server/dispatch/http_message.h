// Plain HTTP request/response values: what the network layer hands to the dispatcher and
// gets back. No sockets and no Beast types, so everything behind this seam is unit-testable.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace socialite {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // origin-form: path plus optional "?query", still percent-encoded
  HeaderList headers;
  std::string body;
  std::string remote_address;  // peer IP, for admin access checks and logs

  // Case-insensitive header lookup; empty when absent.
  std::string_view Header(std::string_view name) const;
};

// A response body that is written as it comes (server-sent events) instead of in one piece.
// The network layer writes the head (close-delimited: no Content-Length, Connection: close),
// then `body` of the response, then whatever Pull gives whenever the stream wakes it, and a
// keep-alive after each quiet interval; it ends the stream when the client goes, a write
// stalls past the request timeout, or the server stops. Pull and Close run on the
// connection's strand, one at a time.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Once the head is written. `wake` tells the connection that Pull has more: callable from
  // any thread, any number of times, never blocking (and harmless once the connection is gone).
  virtual void Start(std::function<void()> wake) = 0;
  // Appends up to about `max_bytes` of what is ready to `out`; false once the stream has
  // ended (the connection closes after writing `out`).
  virtual bool Pull(std::string& out, size_t max_bytes) = 0;
  // What is written after `keep_alive_interval()` without data, e.g. an SSE comment.
  virtual std::string KeepAlive() const = 0;
  virtual std::chrono::milliseconds keep_alive_interval() const = 0;
  // The connection is done with the stream (the client went or the server stops). Called once.
  // The stream must drop `wake` here: it holds the connection's executor, which must not
  // outlive the server.
  virtual void Close() = 0;
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
  // Set: `body` is only the start; the rest comes from the stream (see ResponseStream).
  std::shared_ptr<ResponseStream> stream;

  void SetHeader(std::string name, std::string value);
  std::string_view Header(std::string_view name) const;
};

}  // namespace socialite
