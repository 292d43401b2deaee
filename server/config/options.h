// Options: every command-line flag, each also readable from SOCIALITE_<FLAG> (upper case,
// '-' -> '_'). A flag on the command line wins over the environment, which wins over the
// built-in default.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "server/core/result.h"

namespace socialite {

struct Options {
  std::string host = "127.0.0.1";
  int port = 4576;
  std::string db = "socialite.db";   // file path, or ":memory:"
  std::string fixtures = "default";  // "default" (embedded copy), a file path, or "none"
  std::string region = "us-east-1";
  std::string account = "000000000000";
  int threads = 2;                           // io threads serving connections
  int readers = 2;                           // reader threads, one read-only connection each
  std::string log_level = "info";            // debug | info | warn | error
  size_t max_body_bytes = 10 * 1024 * 1024;  // larger bodies get 413
  int request_timeout_seconds = 30;          // a request must arrive whole within this time
  int max_connections = 1024;                // further connections are refused
  // Messaging: simulated template review and where media objects live.
  std::string template_review = "auto";   // auto | manual
  int template_review_delay_seconds = 0;  // auto review happens this long after a change
  std::string s3_dir = "./s3-data";       // directory backend (bucket = subdirectory)
  std::string s3_endpoint;                // an S3-compatible server instead of the directory
  std::string s3_access_key = "test";
  std::string s3_secret_key = "test";
  // Events: the clock, Meta's status timing, and where events are delivered.
  std::string clock = "system";  // system | manual
  std::string status_delays = "sent=0.1,delivered=0.5,read=2";
  std::string webhooks;      // space-separated ARN_GLOB=URL bindings: SNS HTTP(S) subscriptions
  std::string webhooks_raw;  // the same, POSTing the bare envelope (raw message delivery)
  std::string public_url;    // how receivers reach this server (SNS SubscribeURL, certificate)
  int sns_signature_version = 1;     // 1: SHA1withRSA, 2: SHA256withRSA
  bool sns_auto_confirm = false;     // SNS subscriptions start confirmed
  std::string eventbridge_endpoint;  // PutEvents every event here too
  std::string eventbridge_access_key = "test";
  std::string eventbridge_secret_key = "test";
  std::string sns_endpoint;
  std::string sns_access_key = "test";
  std::string sns_secret_key = "test";
  int delivery_attempts = 5;
  int delivery_backoff_ms = 500;
  // Meta's rate limits, off (0) unless asked for: messages per clock second per number
  // (Meta: 80, error 130429) and seconds between messages to one user (Meta: ~6, 131056).
  int throughput_limit = 0;
  int pair_rate_limit_seconds = 0;
  // Operability: authentication of API and admin requests.
  std::string auth = "none";         // none | verify (strict SigV4)
  std::string credentials;           // AKID:SECRET[,AKID:SECRET] or @FILE (for --auth verify)
  std::string admin_token;           // when set, admin requests need it (except health)
  bool admin_loopback_only = false;  // admin requests only from 127.0.0.0/8 or ::1
  bool help = false;
  bool health_check = false;  // ask a running server's health endpoint, then exit
};

// Usage text printed by --help.
std::string OptionsUsage();

// The URL --health-check asks: GET /_socialite/health at --port of --host, where a wildcard
// host (0.0.0.0, ::) is asked on loopback and an IPv6 literal is bracketed.
std::string HealthCheckUrl(const Options& options);

// Parses argv (without the program name) and the environment (`env` as "NAME=value"
// entries, e.g. from environ).
// Unknown flags and malformed values are errors (InvalidParameters with a readable message).
Result<Options> ParseOptions(const std::vector<std::string>& args,
                             const std::vector<std::string>& env);

}  // namespace socialite
