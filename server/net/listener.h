// Listener: accepts connections on one bound endpoint and starts an HttpSession for each, on a
// strand of its own. Past the connection limit a new connection is answered 503 and closed.
// Accept errors (e.g. out of file descriptors) are retried after a short pause, never thrown.
//
// Thread-safety: accepting runs on the listener's own strand; Stop() may be called from any
// thread. Owned by shared_ptr; the pending accept keeps it alive until Stop().
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <cstddef>
#include <memory>

#include "server/dispatch/dispatcher.h"
#include "server/net/connection_registry.h"
#include "server/net/http_session.h"

namespace socialite::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Opens, binds and listens on `endpoint`; on failure returns nullptr and sets `ec`.
  // REQUIRES: `handler` outlives the listener and every session it starts.
  static std::shared_ptr<Listener> Bind(boost::asio::io_context& io,
                                        const boost::asio::ip::tcp::endpoint& endpoint,
                                        RequestHandler& handler, const SessionLimits& limits,
                                        size_t max_connections,
                                        std::shared_ptr<ConnectionRegistry> registry,
                                        boost::beast::error_code& ec);

  // The endpoint actually bound (with the port the system chose for port 0).
  boost::asio::ip::tcp::endpoint local_endpoint() const { return local_endpoint_; }

  // Starts the accept loop.
  void Start();
  // Stops accepting; sessions already started are not affected.
  void Stop();
  // Closes the listening socket at once, so new connections are refused.
  // REQUIRES: no thread is running the io_context.
  void Close();

 private:
  Listener(boost::asio::io_context& io, RequestHandler& handler, const SessionLimits& limits,
           size_t max_connections, std::shared_ptr<ConnectionRegistry> registry);

  void Accept();
  void OnAccept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  boost::asio::ip::tcp::endpoint local_endpoint_;
  RequestHandler& handler_;
  const SessionLimits limits_;
  const size_t max_connections_;
  const std::shared_ptr<ConnectionRegistry> registry_;
  bool stopped_ = false;  // only touched on strand_
};

}  // namespace socialite::net
