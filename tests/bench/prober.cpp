// The benchmark's "second client": one keep-alive connection making GET requests at a steady
// rate while other clients load the server, measuring every request's latency.
//
// usage: bench_prober --url http://127.0.0.1:PORT/PATH --duration-s S [--rate 50]
//                     [--timeout-ms 2000] [--name NAME]
//
// Request i is due at start + i/rate. The client is sequential: when an answer comes late, the
// requests that fell due meanwhile go out back to back, and each one's latency counts from when
// it fell due, not from when it could be sent. A client calling at a steady rate sees a server
// stall that way, once per call it had to hold back; timing only from the send would count a
// 2 s stall as one slow request among hundreds (coordinated omission). p50/p99/max are these
// latencies; service_p99_ms is the same percentile timed from the send, for comparison.
// A request without an answer after --timeout-ms counts with the time it waited, the
// connection is dropped and a new one opened. Calls still due when the time is up count with
// the time they had waited by then, so a server that stalls until the end still shows.
//
// Prints one line:
//   PROBE name=NAME samples=N ok=N non200=N timeouts=N errors=N unsent=N p50_ms=X p99_ms=X
//         max_ms=X service_p99_ms=X
// Exits 0 once it printed (whatever the server did), 2 on bad arguments.

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

struct Options {
  std::string host;
  std::string port;
  std::string target;
  double duration_s = 0;
  double rate = 50;
  int timeout_ms = 2000;
  std::string name = "probe";
};

struct Tally {
  std::vector<double> latency_ms;  // from when each call fell due
  std::vector<double> service_ms;  // from when each call was sent
  long ok = 0;
  long non200 = 0;
  long timeouts = 0;
  long errors = 0;
  long unsent = 0;
};

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

// Opens a fresh connection in `stream`, giving up at `deadline`.
asio::awaitable<beast::error_code> Connect(std::optional<beast::tcp_stream>& stream,
                                           const tcp::resolver::results_type& endpoints,
                                           Clock::time_point deadline) {
  stream.emplace(co_await asio::this_coro::executor);
  stream->expires_at(deadline);
  auto [ec, ignored] = co_await stream->async_connect(endpoints, kNoThrow);
  // Requests are single small writes: do not let Nagle hold one back.
  if (!ec) stream->socket().set_option(tcp::no_delay(true), ec);
  if (ec) stream.reset();
  co_return ec;
}

asio::awaitable<void> Probe(const Options& options, Tally& tally) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [resolve_error, endpoints] =
      co_await resolver.async_resolve(options.host, options.port, kNoThrow);
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / options.rate));
  const auto timeout = std::chrono::milliseconds(options.timeout_ms);

  http::request<http::empty_body> request(http::verb::get, options.target, 11);
  request.set(http::field::host, options.host + ":" + options.port);
  request.keep_alive(true);

  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  asio::steady_timer timer(executor);
  // The first connection is opened before the clock starts: its handshake is not a call.
  if (!resolve_error) co_await Connect(stream, endpoints, Clock::now() + timeout);

  const Clock::time_point start = Clock::now();
  const Clock::time_point end = start + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(options.duration_s));
  // The last call may wait its full timeout past the end; nothing runs beyond that.
  const Clock::time_point hard_end = end + timeout;
  Clock::time_point due = start;
  while (due < end && Clock::now() < hard_end) {
    // On schedule, the call is timed from its send (a late timer wake-up is the prober's own
    // delay, not the server's); held back by a late answer, it is timed from when it fell due.
    const bool on_schedule = Clock::now() < due;
    if (on_schedule) {
      timer.expires_at(due);
      co_await timer.async_wait(kNoThrow);
    }
    const Clock::time_point sent = Clock::now();
    const Clock::time_point timed_from = on_schedule ? sent : due;
    // A call started just before the hard end is cut short there, so the whole run stays
    // within the window plus one timeout; a call cut short counts as a timeout.
    const Clock::time_point deadline = std::min(sent + timeout, hard_end);
    beast::error_code ec = resolve_error;
    if (!ec && !stream) {
      buffer.clear();
      ec = co_await Connect(stream, endpoints, deadline);
    }
    http::response<http::string_body> response;
    if (!ec) {
      stream->expires_at(deadline);
      std::tie(ec, std::ignore) = co_await http::async_write(*stream, request, kNoThrow);
    }
    if (!ec) {
      std::tie(ec, std::ignore) = co_await http::async_read(*stream, buffer, response, kNoThrow);
    }
    const Clock::time_point answered = Clock::now();
    const bool timed_out = ec == beast::error::timeout;
    if (!ec) {
      ++(response.result() == http::status::ok ? tally.ok : tally.non200);
      if (!response.keep_alive()) stream.reset();
    } else {
      // Whatever broke, the next call starts on a fresh connection.
      stream.reset();
      ++(timed_out ? tally.timeouts : tally.errors);
    }
    if (!ec || timed_out) {
      tally.latency_ms.push_back(Millis(answered - timed_from));
      tally.service_ms.push_back(Millis(answered - sent));
    } else if (Clock::now() < due + interval) {
      // A refused connection fails at once: wait for the next slot instead of spinning.
      timer.expires_at(due + interval);
      co_await timer.async_wait(kNoThrow);
    }
    due += interval;
  }
  // Calls that fell due but never went out (the server held the connection past the end).
  const Clock::time_point stopped = Clock::now();
  for (; due < end; due += interval) {
    ++tally.unsent;
    tally.latency_ms.push_back(Millis(stopped - due));
  }
}

bool ParseUrl(const std::string& url, Options& options) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) return false;
  size_t host_start = scheme.size();
  size_t slash = url.find('/', host_start);
  std::string authority =
      url.substr(host_start, slash == std::string::npos ? std::string::npos : slash - host_start);
  options.target = slash == std::string::npos ? "/" : url.substr(slash);
  size_t colon = authority.rfind(':');
  if (colon == std::string::npos) {
    options.host = authority;
    options.port = "80";
  } else {
    options.host = authority.substr(0, colon);
    options.port = authority.substr(colon + 1);
  }
  return !options.host.empty() && !options.port.empty();
}

int Usage(const std::string& message) {
  std::cerr << "bench_prober: " << message
            << "\nusage: bench_prober --url http://HOST:PORT/PATH --duration-s S [--rate 50] "
               "[--timeout-ms 2000] [--name NAME]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  bool have_url = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) return Usage("missing value of " + flag);
    std::string value = argv[++i];
    try {
      if (flag == "--url") {
        if (!ParseUrl(value, options)) return Usage("--url must be http://HOST:PORT/PATH");
        have_url = true;
      } else if (flag == "--duration-s") {
        options.duration_s = std::stod(value);
      } else if (flag == "--rate") {
        options.rate = std::stod(value);
      } else if (flag == "--timeout-ms") {
        options.timeout_ms = std::stoi(value);
      } else if (flag == "--name") {
        options.name = value;
      } else {
        return Usage("unknown flag " + flag);
      }
    } catch (const std::exception&) {
      return Usage("bad value of " + flag);
    }
  }
  if (!have_url) return Usage("--url is required");
  if (options.duration_s <= 0 || options.rate <= 0 || options.timeout_ms <= 0) {
    return Usage("--duration-s, --rate and --timeout-ms must be positive");
  }

  asio::io_context io(1);
  Tally tally;
  asio::co_spawn(io, Probe(options, tally), asio::detached);
  io.run();

  std::printf(
      "PROBE name=%s samples=%zu ok=%ld non200=%ld timeouts=%ld errors=%ld unsent=%ld "
      "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f service_p99_ms=%.3f\n",
      options.name.c_str(), tally.latency_ms.size(), tally.ok, tally.non200, tally.timeouts,
      tally.errors, tally.unsent, Percentile(tally.latency_ms, 50),
      Percentile(tally.latency_ms, 99),
      tally.latency_ms.empty()
          ? 0.0
          : *std::max_element(tally.latency_ms.begin(), tally.latency_ms.end()),
      Percentile(tally.service_ms, 99));
  return 0;
}
