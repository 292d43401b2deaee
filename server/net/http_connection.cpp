#include "server/net/http_connection.h"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cerrno>
#include <exception>
#include <stdexcept>
#include <utility>

namespace socialite::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

asio::awaitable<void> ConnectPlain(beast::tcp_stream& stream, const Origin& origin,
                                   HttpClock::time_point deadline, std::string& phase) {
  phase = "resolve " + origin.host;
  tcp::resolver resolver(stream.get_executor());
  auto endpoints = co_await resolver.async_resolve(origin.host, origin.port, asio::use_awaitable);
  stream.expires_at(deadline);
  phase = "connect " + origin.host + ":" + origin.port;
  co_await stream.async_connect(endpoints, asio::use_awaitable);
  // Small requests and responses go out at once rather than waiting for Nagle's timer.
  stream.socket().set_option(tcp::no_delay(true));
}

asio::awaitable<void> HandshakeTls(beast::ssl_stream<beast::tcp_stream>& stream,
                                   const Origin& origin, std::string& phase) {
  phase = "TLS handshake with " + origin.host;
  co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
}

template <typename Stream>
asio::awaitable<void> RoundTrip(Stream& stream, beast::flat_buffer& buffer, BeastRequest& request,
                                BeastParser& parser, std::string& phase) {
  phase = "send request";
  co_await http::async_write(stream, request, asio::use_awaitable);
  phase = "read response";
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
}

}  // namespace

HttpConnection::HttpConnection(Origin origin) : origin_(std::move(origin)) {
  if (!origin_.tls) {
    plain_.emplace(io_);
    return;
  }
  tls_context_.emplace(ssl::context::tls_client);
  tls_context_->set_default_verify_paths();
  tls_context_->set_verify_mode(ssl::verify_peer);
  secure_.emplace(io_, *tls_context_);
  // SNI, which most TLS front ends need to pick the certificate.
  if (!SSL_set_tlsext_host_name(secure_->native_handle(), origin_.host.c_str())) {
    throw std::runtime_error("cannot set the TLS server name");
  }
  secure_->set_verify_callback(ssl::host_name_verification(origin_.host));
}

// No TLS close_notify exchange on the way out: a response is always complete and framed, and
// waiting for a peer that never answers would only stall the caller.
HttpConnection::~HttpConnection() = default;

void HttpConnection::Run(asio::awaitable<void> work) {
  {
    std::lock_guard<std::mutex> lock(abort_mu_);
    if (aborted_) throw std::runtime_error("aborted");
    io_.restart();  // under the lock, so that it never undoes the stop of a concurrent Abort()
  }
  // Every socket operation is asynchronous because Beast's tcp_stream deadline only applies to
  // those; this thread runs them alone.
  std::exception_ptr failure;
  bool done = false;
  asio::co_spawn(io_, std::move(work), [&](std::exception_ptr error) {
    failure = error;
    done = true;
  });
  io_.run();
  if (failure) std::rethrow_exception(failure);
  if (!done) throw std::runtime_error("aborted");
}

void HttpConnection::Abort() {
  std::lock_guard<std::mutex> lock(abort_mu_);
  aborted_ = true;
  io_.stop();  // run() returns without running another handler
}

void HttpConnection::Connect(HttpClock::time_point deadline, std::string& phase) {
  beast::tcp_stream& lowest = plain_ ? *plain_ : beast::get_lowest_layer(*secure_);
  Run([&]() -> asio::awaitable<void> {
    co_await ConnectPlain(lowest, origin_, deadline, phase);
    if (secure_) co_await HandshakeTls(*secure_, origin_, phase);
  }());
}

void HttpConnection::Exchange(BeastRequest& request, BeastParser& parser,
                              HttpClock::time_point deadline, std::string& phase) {
  if (plain_) {
    plain_->expires_at(deadline);
    Run(RoundTrip(*plain_, buffer_, request, parser, phase));
  } else {
    beast::get_lowest_layer(*secure_).expires_at(deadline);
    Run(RoundTrip(*secure_, buffer_, request, parser, phase));
  }
}

bool HttpConnection::ReusableAfter(const BeastRequest& request, const BeastParser& parser) const {
  return request.keep_alive() && parser.is_done() && parser.get().keep_alive() &&
         !parser.get().need_eof() && buffer_.size() == 0;
}

bool HttpConnection::LooksOpen() {
  beast::tcp_stream& lowest = plain_ ? *plain_ : beast::get_lowest_layer(*secure_);
  if (!lowest.socket().is_open()) return false;
  char byte;
  ssize_t got = ::recv(lowest.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (got == 0) return false;  // the peer closed it
  if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
  // Unasked-for bytes on a plain connection mean a confused peer; TLS peers may send records
  // (session tickets) that the next read consumes.
  return secure_.has_value();
}

}  // namespace socialite::net
