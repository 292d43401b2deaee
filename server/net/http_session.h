// HttpSession: one accepted TCP connection. It reads requests one at a time (header and body
// limits, one deadline for the whole request), hands each to RequestHandler::Handle, writes the
// response when the handler answers (from whatever thread) and, if the client keeps the
// connection alive, reads the next one.
//
// A response with a ResponseStream (server-sent events) is written as it comes: the head, then
// whatever the stream gives when it wakes the session, a keep-alive after each quiet interval;
// the connection closes when the client goes (a read watches for it), a write stalls for
// request_timeout, the stream ends, or Shutdown() is called.
//
// Failures stay here: a body over the limit is answered with the handler's TooLarge() and other
// malformed HTTP with a 400 before closing; timeouts and transport errors just close. Nothing is
// thrown out of the session.
//
// Thread-safety: every step runs on the connection's strand (the socket's executor); Shutdown()
// may be called from any thread. Owned by shared_ptr; pending operations keep it alive.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "server/dispatch/dispatcher.h"
#include "server/net/connection_registry.h"
#include "server/net/message_conversion.h"

namespace socialite::net {

struct SessionLimits {
  size_t max_body_bytes = 10 * 1024 * 1024;
  size_t max_header_bytes = 64 * 1024;
  // Deadline for a whole request to arrive (including the wait for its first byte) and for
  // a response to be written.
  std::chrono::steady_clock::duration request_timeout = std::chrono::seconds(30);
  // How long a closing connection keeps discarding what the peer still sends, so the peer
  // reads our last response instead of a connection reset.
  std::chrono::steady_clock::duration linger_timeout = std::chrono::seconds(1);
};

class HttpSession : public std::enable_shared_from_this<HttpSession>,
                    public ConnectionRegistry::Connection {
 public:
  // REQUIRES: `socket` is connected and its executor is a strand of its own; `handler`
  // outlives every session.
  HttpSession(boost::asio::ip::tcp::socket socket, RequestHandler& handler,
              const SessionLimits& limits, std::shared_ptr<ConnectionRegistry> registry);
  ~HttpSession() override;

  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  // Registers with the registry and starts serving requests.
  void Start();
  // Answers 503 "Too many connections" and closes, without registering or reading a request.
  void RejectBusy();
  // Stops after the response in progress; an idle connection closes at once.
  void Shutdown() override;

 private:
  enum class Phase { kAwaitingRequest, kReadingBody, kResponding, kStreaming, kClosing };

  void ReadHeader();
  void OnHeader(boost::beast::error_code ec, size_t bytes);
  void OnContinueSent(boost::beast::error_code ec, size_t bytes);
  void ReadBody();
  void OnBody(boost::beast::error_code ec, size_t bytes);
  void OnReadFailed(boost::beast::error_code ec);
  void Respond();
  void OnHandled(HttpResponse response, unsigned version, bool keep_alive, bool head);
  // Writes `response`; afterwards reads the next request or, if `last`, closes.
  void Write(HttpResponse response, unsigned version, bool keep_alive);
  void OnWrite(boost::beast::error_code ec, size_t bytes);
  void DoShutdown();
  // A streamed response (see ResponseStream): the head and first bytes, then PumpStream
  // whenever the stream wakes the session or a write ends.
  void StartStream(HttpResponse response, unsigned version, bool head);
  void PumpStream();
  void OnStreamWrite(boost::beast::error_code ec, size_t bytes);
  void OnStreamRead(boost::beast::error_code ec, size_t bytes);
  // One timer: a keep-alive when idle, the write deadline while writing, the linger at the end.
  void ArmStreamTimer(std::chrono::steady_clock::duration after);
  void OnStreamTimer(boost::beast::error_code ec, uint64_t generation);
  // Lets go of the stream and closes the connection now.
  void EndStream();
  // Half-closes, then discards input until the peer closes or linger_timeout passes.
  void Linger();
  void OnLingerRead(boost::beast::error_code ec, size_t bytes);
  void CloseNow();

  const boost::asio::any_io_executor strand_;
  boost::beast::tcp_stream stream_;
  RequestHandler& handler_;
  const SessionLimits limits_;
  const std::shared_ptr<ConnectionRegistry> registry_;
  std::optional<ConnectionRegistry::Id> registry_id_;
  std::string remote_address_;

  // Connection state below is touched only on the strand.
  Phase phase_ = Phase::kAwaitingRequest;
  bool shutdown_requested_ = false;
  bool close_after_write_ = false;
  boost::beast::flat_buffer buffer_;
  // Rebuilt for each request: a parser reads exactly one message.
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::optional<BeastResponse> response_;
  size_t lingered_bytes_ = 0;
  char linger_buffer_[4096];
  // Streaming state (only while phase_ is kStreaming or after).
  std::shared_ptr<ResponseStream> stream_body_;
  std::string stream_out_;       // being written
  bool stream_writing_ = false;  // a write of stream_out_ is in flight
  bool stream_ending_ = false;   // write what is left, then close
  std::optional<boost::asio::steady_timer> stream_timer_;
  uint64_t stream_timer_generation_ = 0;
};

}  // namespace socialite::net
