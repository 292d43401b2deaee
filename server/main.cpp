// socialite: reads the options, builds the App, serves it over HTTP until SIGINT or SIGTERM,
// then drains the connections and closes the database.
// Exit status: 0 after a clean stop or --help, 1 when the server cannot start, 2 for bad options.
// With --health-check it serves nothing: 0 when the running server answers health with 200,
// else 1.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/error_code.hpp>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/app.h"
#include "server/config/options.h"
#include "server/net/http_client.h"
#include "server/net/http_server.h"

extern char** environ;

namespace {

std::vector<std::string> EnvironmentEntries() {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    entries.emplace_back(*entry);
  }
  return entries;
}

// Serves `app` until a stop signal; returns the process exit status.
int Serve(const socialite::Options& options, socialite::App& app) {
  socialite::net::HttpServer server(socialite::net::HttpServerOptionsFrom(options), app.handler());
  socialite::Status listening = server.Listen();
  if (!listening.ok()) {
    std::cerr << "socialite: " << listening.error().message << std::endl;
    return 1;
  }

  // Signals are waited for on a thread of their own so the server's threads only serve.
  boost::asio::io_context signal_io;
  boost::asio::signal_set signals(signal_io, SIGINT, SIGTERM);
  signals.async_wait([&server, &app](const boost::system::error_code& ec, int /*signal*/) {
    if (ec) return;
    app.Interrupt();
    server.Stop();
  });
  std::thread signal_thread([&signal_io] { signal_io.run(); });

  app.SetListenAddress(server.bound_endpoint().ToString());
  app.SetReady(true);
  std::cout << app.Banner(server.bound_endpoint().ToString()) << std::endl;

  server.Run();  // returns once Stop() has drained the connections
  app.SetReady(false);
  // Work still queued answers into the stopped server (whose io_context still exists).
  app.Stop();

  signal_io.stop();
  signal_thread.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  socialite::Result<socialite::Options> parsed =
      socialite::ParseOptions(args, EnvironmentEntries());
  if (!parsed.ok()) {
    std::cerr << "socialite: " << parsed.error().message << std::endl;
    return 2;
  }
  const socialite::Options& options = parsed.value();
  if (options.help) {
    std::cout << socialite::OptionsUsage() << std::flush;
    return 0;
  }
  if (options.health_check) {
    // Docker's HEALTHCHECK: the image has no shell or curl, so the binary asks the server.
    socialite::HttpRequest request;
    request.method = "GET";
    std::string url = socialite::HealthCheckUrl(options);
    socialite::net::ClientResult answer = socialite::net::SendHttp(url, request, 2000);
    bool healthy = answer.ok && answer.response.status == 200;
    (healthy ? std::cout : std::cerr)
        << "socialite: " << url << ": "
        << (answer.ok ? std::to_string(answer.response.status) : answer.error) << std::endl;
    return healthy ? 0 : 1;
  }

  socialite::Result<std::unique_ptr<socialite::App>> created = socialite::App::Create(options);
  if (!created.ok()) {
    std::cerr << "socialite: " << created.error().message << std::endl;
    return 1;
  }
  std::unique_ptr<socialite::App> app = std::move(created).value();
  // The server is gone when Serve returns; only then is the App (and its database) closed.
  int status = Serve(options, *app);
  app.reset();
  return status;
}
