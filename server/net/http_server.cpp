#include "server/net/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <exception>
#include <iostream>
#include <thread>
#include <utility>
#include <vector>

#include "server/net/connection_registry.h"
#include "server/net/listener.h"

namespace socialite::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

HttpServerOptions HttpServerOptionsFrom(const Options& options) {
  HttpServerOptions result;
  result.host = options.host;
  result.port = options.port;
  result.threads = options.threads;
  result.max_body_bytes = options.max_body_bytes;
  result.request_timeout = std::chrono::seconds(options.request_timeout_seconds);
  result.max_connections = static_cast<size_t>(options.max_connections);
  return result;
}

std::string BoundEndpoint::ToString() const {
  bool is_ipv6 = address.find(':') != std::string::npos;
  std::string host = is_ipv6 ? "[" + address + "]" : address;
  return host + ":" + std::to_string(port);
}

struct HttpServer::Impl {
  Impl(HttpServerOptions server_options, RequestHandler& request_handler)
      : options(std::move(server_options)),
        handler(request_handler),
        io(std::max(options.threads, 1)),
        drain_timer(io),
        io_to_stop(std::make_shared<std::atomic<asio::io_context*>>(&io)) {}

  ~Impl() {
    // A session destroyed together with `io` may still report the last connection gone;
    // by then there is nothing left to stop.
    io_to_stop->store(nullptr);
  }

  std::vector<tcp::endpoint> ResolveEndpoints(beast::error_code& ec);
  void BeginStop();
  // Runs the io_context on the calling thread until it is stopped, surviving exceptions that
  // escape a handler (they are logged; the connection involved is lost, not the server).
  void RunIoLoop();

  HttpServerOptions options;
  RequestHandler& handler;
  asio::io_context io;
  asio::steady_timer drain_timer;
  std::shared_ptr<ConnectionRegistry> registry = std::make_shared<ConnectionRegistry>();
  std::vector<std::shared_ptr<Listener>> listeners;
  BoundEndpoint bound;
  bool listening = false;
  std::atomic<bool> stop_requested{false};
  // Cleared before `io` is destroyed; see ~Impl.
  std::shared_ptr<std::atomic<asio::io_context*>> io_to_stop;
};

std::vector<tcp::endpoint> HttpServer::Impl::ResolveEndpoints(beast::error_code& ec) {
  auto port = static_cast<uint16_t>(options.port);
  asio::ip::address literal = asio::ip::make_address(options.host, ec);
  if (!ec) return {tcp::endpoint(literal, port)};

  // A name such as "localhost" may stand for both 127.0.0.1 and ::1: listen on each, so
  // clients reach the server whichever address family they try first.
  ec.clear();
  tcp::resolver resolver(io);
  auto results = resolver.resolve(options.host, std::to_string(port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  std::vector<tcp::endpoint> endpoints;
  if (ec) return endpoints;
  for (const auto& entry : results) {
    if (std::find(endpoints.begin(), endpoints.end(), entry.endpoint()) == endpoints.end()) {
      endpoints.push_back(entry.endpoint());
    }
  }
  // IPv4 first: its address is the one reported as the bound endpoint.
  std::stable_partition(endpoints.begin(), endpoints.end(),
                        [](const tcp::endpoint& endpoint) { return endpoint.address().is_v4(); });
  return endpoints;
}

void HttpServer::Impl::BeginStop() {
  for (const auto& listener : listeners) listener->Stop();
  drain_timer.expires_after(options.drain_timeout);
  drain_timer.async_wait([this](beast::error_code ec) {
    // The drain took too long: whatever is still open is dropped with the io_context.
    if (!ec) io.stop();
  });
  std::shared_ptr<std::atomic<asio::io_context*>> io_to_stop_now = io_to_stop;
  registry->ShutdownAll([io_to_stop_now] {
    if (asio::io_context* io_context = io_to_stop_now->load()) io_context->stop();
  });
}

void HttpServer::Impl::RunIoLoop() {
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      std::cerr << "socialite: unexpected error in an I/O thread: " << e.what() << std::endl;
    } catch (...) {
      std::cerr << "socialite: unexpected error in an I/O thread" << std::endl;
    }
  }
}

HttpServer::HttpServer(HttpServerOptions options, RequestHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Listen() {
  const HttpServerOptions& options = impl_->options;
  std::string requested = options.host + ":" + std::to_string(options.port);
  if (options.port < 0 || options.port > 65535) {
    return InvalidParameters("cannot listen on " + requested + ": port out of range");
  }
  beast::error_code ec;
  std::vector<tcp::endpoint> endpoints = impl_->ResolveEndpoints(ec);
  if (endpoints.empty()) {
    return InvalidParameters("cannot listen on " + requested + ": cannot resolve host '" +
                             options.host + "'" + (ec ? ": " + ec.message() : ""));
  }

  SessionLimits limits;
  limits.max_body_bytes = options.max_body_bytes;
  limits.max_header_bytes = options.max_header_bytes;
  limits.request_timeout = options.request_timeout;
  limits.linger_timeout = options.linger_timeout;

  beast::error_code first_error;
  for (tcp::endpoint endpoint : endpoints) {
    // With port 0, every address shares the port the system chose for the first one.
    if (!impl_->listeners.empty()) endpoint.port(impl_->bound.port);
    std::shared_ptr<Listener> listener = Listener::Bind(
        impl_->io, endpoint, impl_->handler, limits, options.max_connections, impl_->registry, ec);
    if (!listener) {
      if (!first_error) first_error = ec;
      continue;
    }
    if (impl_->listeners.empty()) {
      impl_->bound.address = listener->local_endpoint().address().to_string();
      impl_->bound.port = listener->local_endpoint().port();
    }
    impl_->listeners.push_back(std::move(listener));
  }
  if (impl_->listeners.empty()) {
    return InternalService("cannot listen on " + requested + ": " + first_error.message());
  }
  for (const auto& listener : impl_->listeners) listener->Start();
  impl_->listening = true;
  return Status();
}

const BoundEndpoint& HttpServer::bound_endpoint() const { return impl_->bound; }

void HttpServer::Run() {
  if (!impl_->listening) return;
  std::vector<std::thread> extra_threads;
  for (int i = 1; i < impl_->options.threads; ++i) {
    extra_threads.emplace_back([this] { impl_->RunIoLoop(); });
  }
  impl_->RunIoLoop();
  for (std::thread& thread : extra_threads) thread.join();
  // A drain may end before the listeners' own stop ran; refuse new connections from now on.
  for (const auto& listener : impl_->listeners) listener->Close();
}

void HttpServer::Stop() {
  if (impl_->stop_requested.exchange(true)) return;
  Impl* impl = impl_.get();
  asio::post(impl->io, [impl] { impl->BeginStop(); });
}

}  // namespace socialite::net
