#include "server/net/http_session.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <exception>
#include <string_view>
#include <utility>

#include "server/exec/completion_batch.h"

namespace socialite::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";
// A streamed response is written in pieces of about this size.
constexpr size_t kStreamChunkBytes = 64 * 1024;
// Past this much discarded input a closing connection stops being polite.
constexpr size_t kMaxLingerBytes = 16 * 1024 * 1024;

// True for errors of Beast's HTTP parser (malformed syntax, limits), as opposed to transport.
bool IsHttpProtocolError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category();
}

}  // namespace

HttpSession::HttpSession(tcp::socket socket, RequestHandler& handler, const SessionLimits& limits,
                         std::shared_ptr<ConnectionRegistry> registry)
    : strand_(socket.get_executor()),
      stream_(std::move(socket)),
      handler_(handler),
      limits_(limits),
      registry_(std::move(registry)) {
  beast::error_code ignored;
  tcp::endpoint peer = stream_.socket().remote_endpoint(ignored);
  if (!ignored) remote_address_ = peer.address().to_string();
  // Responses are written in one piece; do not let Nagle hold back the next one.
  stream_.socket().set_option(tcp::no_delay(true), ignored);
}

HttpSession::~HttpSession() {
  if (stream_body_) stream_body_->Close();
  if (registry_id_) registry_->Remove(*registry_id_);
}

void HttpSession::Start() {
  // Registered before returning, so the listener's next connection count includes this one.
  registry_id_ = registry_->Add(weak_from_this());
  asio::dispatch(strand_, [self = shared_from_this()] { self->ReadHeader(); });
}

void HttpSession::RejectBusy() {
  asio::dispatch(strand_, [self = shared_from_this()] {
    self->Write(TooManyConnectionsResponse(), 11, /*keep_alive=*/false);
  });
}

void HttpSession::Shutdown() {
  asio::post(strand_, [self = shared_from_this()] { self->DoShutdown(); });
}

void HttpSession::DoShutdown() {
  shutdown_requested_ = true;
  // Only a connection waiting for its next request is cut short; one that is reading a body,
  // handling or writing finishes that response and closes afterwards. A stream never ends on
  // its own, so it ends now.
  if (phase_ == Phase::kAwaitingRequest) stream_.cancel();
  if (phase_ == Phase::kStreaming) EndStream();
}

void HttpSession::ReadHeader() {
  if (shutdown_requested_ || registry_->draining()) return CloseNow();
  phase_ = Phase::kAwaitingRequest;
  parser_.emplace();
  parser_->body_limit(limits_.max_body_bytes);
  parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
  // One deadline covers the wait for the request and its arrival, header and body.
  stream_.expires_after(limits_.request_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::OnHeader, shared_from_this()));
}

void HttpSession::OnHeader(beast::error_code ec, size_t /*bytes*/) {
  if (ec) return OnReadFailed(ec);
  phase_ = Phase::kReadingBody;
  if (parser_->is_done()) return Respond();
  const auto& header = parser_->get();
  // A client that asked to be invited before sending its body would otherwise stall.
  if (header.version() >= 11 && beast::iequals(header[http::field::expect], "100-continue")) {
    asio::async_write(stream_, asio::buffer(kContinueResponse.data(), kContinueResponse.size()),
                      beast::bind_front_handler(&HttpSession::OnContinueSent, shared_from_this()));
    return;
  }
  ReadBody();
}

void HttpSession::OnContinueSent(beast::error_code ec, size_t /*bytes*/) {
  if (ec) return CloseNow();
  ReadBody();
}

void HttpSession::ReadBody() {
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::OnBody, shared_from_this()));
}

void HttpSession::OnBody(beast::error_code ec, size_t /*bytes*/) {
  if (ec) return OnReadFailed(ec);
  Respond();
}

void HttpSession::OnReadFailed(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    HttpResponse too_large;
    try {
      too_large = handler_.TooLarge();
    } catch (const std::exception&) {
      too_large = InternalErrorResponse();
    }
    // The rest of the body is never read: answer now and close.
    return Write(std::move(too_large), 11, /*keep_alive=*/false);
  }
  if (ec != http::error::end_of_stream && IsHttpProtocolError(ec)) {
    return Write(MalformedRequestResponse(), 11, /*keep_alive=*/false);
  }
  // The peer closed, the deadline passed, Shutdown() cancelled the read or the transport
  // failed: nothing useful can be sent.
  CloseNow();
}

void HttpSession::Respond() {
  phase_ = Phase::kResponding;
  unsigned version = parser_->get().version();
  bool keep_alive = parser_->get().keep_alive();
  bool head = parser_->get().method() == http::verb::head;
  // The handler answers from whichever thread finishes the request; the answer comes back to
  // this connection's strand before anything touches the connection.
  // An answer given at once (on this strand) is written at once; one from another thread is
  // queued to the strand, together with the other answers of its thread's batch if one is open.
  auto respond = [self = shared_from_this(), version, keep_alive, head](HttpResponse response) {
    auto handled = [self, version, keep_alive, head, response = std::move(response)]() mutable {
      self->OnHandled(std::move(response), version, keep_alive, head);
    };
    if (!exec::CompletionBatch::IsOpen()) return asio::dispatch(self->strand_, std::move(handled));
    auto post = [strand = self->strand_](std::function<void()> work) {
      asio::post(strand, std::move(work));
    };
    exec::CompletionBatch::Defer(post, [self, handled = std::move(handled)]() mutable {
      asio::dispatch(self->strand_, std::move(handled));
    });
  };
  try {
    handler_.Handle(ToHttpRequest(parser_->release(), remote_address_), std::move(respond));
  } catch (const std::exception&) {
    // Handle() reports its own failures through `respond`; this is for a broken handler.
    OnHandled(InternalErrorResponse(), version, /*keep_alive=*/false, head);
  }
}

void HttpSession::OnHandled(HttpResponse response, unsigned version, bool keep_alive, bool head) {
  if (response.stream) return StartStream(std::move(response), version, head);
  // A response to HEAD carries no body (and so announces none).
  if (head) response.body.clear();
  // During a graceful stop this is the connection's last response.
  bool stay_open = keep_alive && !shutdown_requested_ && !registry_->draining();
  Write(std::move(response), version, stay_open);
}

void HttpSession::Write(HttpResponse response, unsigned version, bool keep_alive) {
  phase_ = Phase::kResponding;
  close_after_write_ = !keep_alive;
  try {
    response_.emplace(ToBeastResponse(std::move(response), version, keep_alive));
  } catch (const std::exception&) {
    close_after_write_ = true;
    response_.emplace(ToBeastResponse(InternalErrorResponse(), version, false));
  }
  stream_.expires_after(limits_.request_timeout);
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&HttpSession::OnWrite, shared_from_this()));
}

void HttpSession::OnWrite(beast::error_code ec, size_t /*bytes*/) {
  response_.reset();
  if (ec) return CloseNow();
  if (close_after_write_) return Linger();
  ReadHeader();
}

void HttpSession::StartStream(HttpResponse response, unsigned version, bool head) {
  phase_ = Phase::kStreaming;
  stream_body_ = std::move(response.stream);
  // The request deadline ends here: a stream lives until one side stops it.
  stream_.expires_never();
  stream_timer_.emplace(strand_);
  if (head) response.body.clear();
  stream_out_ = ToStreamHead(std::move(response), version);
  // A HEAD request, or a stop begun while the request was handled, gets the head alone.
  stream_ending_ = head || shutdown_requested_ || registry_->draining();
  if (!stream_ending_) {
    // The stream may outlive nothing: its wake finds the session gone and does nothing.
    stream_body_->Start([weak = weak_from_this(), strand = strand_] {
      asio::post(strand, [weak] {
        if (std::shared_ptr<HttpSession> self = weak.lock()) self->PumpStream();
      });
    });
  }
  // A streaming client sends nothing more: a read that ends tells that it went.
  stream_.socket().async_read_some(
      asio::buffer(linger_buffer_),
      beast::bind_front_handler(&HttpSession::OnStreamRead, shared_from_this()));
  PumpStream();
}

void HttpSession::PumpStream() {
  if (phase_ != Phase::kStreaming || stream_writing_) return;
  if (stream_out_.empty() && !stream_ending_ &&
      !stream_body_->Pull(stream_out_, kStreamChunkBytes)) {
    stream_ending_ = true;
  }
  if (stream_out_.empty()) {
    if (!stream_ending_) return ArmStreamTimer(stream_body_->keep_alive_interval());
    // Everything is written: close once the client has read it (or after the linger).
    std::exchange(stream_body_, nullptr)->Close();
    phase_ = Phase::kClosing;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    return ArmStreamTimer(limits_.linger_timeout);
  }
  stream_writing_ = true;
  ArmStreamTimer(limits_.request_timeout);
  asio::async_write(stream_, asio::buffer(stream_out_),
                    beast::bind_front_handler(&HttpSession::OnStreamWrite, shared_from_this()));
}

void HttpSession::OnStreamWrite(beast::error_code ec, size_t /*bytes*/) {
  stream_writing_ = false;
  stream_out_.clear();
  if (ec) return EndStream();
  PumpStream();
}

void HttpSession::OnStreamRead(beast::error_code ec, size_t bytes) {
  lingered_bytes_ += bytes;
  if (ec || lingered_bytes_ > kMaxLingerBytes) return EndStream();
  stream_.socket().async_read_some(
      asio::buffer(linger_buffer_),
      beast::bind_front_handler(&HttpSession::OnStreamRead, shared_from_this()));
}

void HttpSession::ArmStreamTimer(std::chrono::steady_clock::duration after) {
  uint64_t generation = ++stream_timer_generation_;
  stream_timer_->expires_after(after);
  stream_timer_->async_wait([self = shared_from_this(), generation](beast::error_code ec) {
    self->OnStreamTimer(ec, generation);
  });
}

void HttpSession::OnStreamTimer(beast::error_code ec, uint64_t generation) {
  if (ec || generation != stream_timer_generation_) return;
  // A write that stalls this long (a client that stopped reading), or the end's linger.
  if (phase_ != Phase::kStreaming || stream_writing_) return EndStream();
  stream_out_ = stream_body_->KeepAlive();
  PumpStream();
}

void HttpSession::EndStream() {
  if (stream_body_) std::exchange(stream_body_, nullptr)->Close();
  if (stream_timer_) {
    ++stream_timer_generation_;
    stream_timer_->cancel();
  }
  CloseNow();
}

void HttpSession::Linger() {
  phase_ = Phase::kClosing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return CloseNow();
  // Closing with unread input would send a reset, which can destroy the response in the
  // peer's receive buffer before it is read (e.g. the unread rest of a too-large body).
  stream_.expires_after(limits_.linger_timeout);
  stream_.async_read_some(
      asio::buffer(linger_buffer_),
      beast::bind_front_handler(&HttpSession::OnLingerRead, shared_from_this()));
}

void HttpSession::OnLingerRead(beast::error_code ec, size_t bytes) {
  lingered_bytes_ += bytes;
  if (ec || lingered_bytes_ > kMaxLingerBytes) return CloseNow();
  stream_.async_read_some(
      asio::buffer(linger_buffer_),
      beast::bind_front_handler(&HttpSession::OnLingerRead, shared_from_this()));
}

void HttpSession::CloseNow() {
  phase_ = Phase::kClosing;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace socialite::net
