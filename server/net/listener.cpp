#include "server/net/listener.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <chrono>
#include <utility>

namespace socialite::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {
// Pause before accepting again after an accept error, so a persistent one cannot spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay(50);
}  // namespace

Listener::Listener(asio::io_context& io, RequestHandler& handler, const SessionLimits& limits,
                   size_t max_connections, std::shared_ptr<ConnectionRegistry> registry)
    : io_(io),
      strand_(asio::make_strand(io)),
      acceptor_(strand_),
      retry_timer_(strand_),
      handler_(handler),
      limits_(limits),
      max_connections_(max_connections),
      registry_(std::move(registry)) {}

std::shared_ptr<Listener> Listener::Bind(asio::io_context& io, const tcp::endpoint& endpoint,
                                         RequestHandler& handler, const SessionLimits& limits,
                                         size_t max_connections,
                                         std::shared_ptr<ConnectionRegistry> registry,
                                         beast::error_code& ec) {
  std::shared_ptr<Listener> listener(
      new Listener(io, handler, limits, max_connections, std::move(registry)));
  tcp::acceptor& acceptor = listener->acceptor_;
  acceptor.open(endpoint.protocol(), ec);
  // Lets a restarted server bind while old connections sit in TIME_WAIT.
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) listener->local_endpoint_ = acceptor.local_endpoint(ec);
  if (ec) return nullptr;
  return listener;
}

void Listener::Start() {
  asio::dispatch(strand_, [self = shared_from_this()] { self->Accept(); });
}

void Listener::Stop() {
  asio::post(strand_, [self = shared_from_this()] {
    self->stopped_ = true;
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
  });
}

void Listener::Close() {
  stopped_ = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
}

void Listener::Accept() {
  if (stopped_) return;
  // Each connection gets a strand of its own: its handlers never run concurrently.
  acceptor_.async_accept(asio::make_strand(io_),
                         beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
}

void Listener::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (stopped_) return;
  if (ec) {
    if (ec == asio::error::operation_aborted) return;
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec) self->Accept();
    });
    return;
  }
  auto session = std::make_shared<HttpSession>(std::move(socket), handler_, limits_, registry_);
  if (registry_->size() >= max_connections_) {
    session->RejectBusy();
  } else {
    session->Start();
  }
  Accept();
}

}  // namespace socialite::net
