#include "server/config/options.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>

namespace socialite {
namespace {

constexpr std::string_view kFlagPrefix = "--";
constexpr std::string_view kEnvPrefix = "SOCIALITE_";

// Returns an error message for a bad string value, or nothing when it is acceptable.
using StringCheck = std::optional<std::string> (*)(const std::string& value);

// The Options member a flag writes; its type decides how the value is parsed.
using Field =
    std::variant<std::string Options::*, int Options::*, size_t Options::*, bool Options::*>;

struct Flag {
  std::string_view name;        // without "--"
  std::string_view value_name;  // placeholder shown in the usage text
  std::string_view help;
  Field field;
  // Inclusive bounds for numeric flags.
  uint64_t min = 0;
  uint64_t max = 0;
  StringCheck check = nullptr;  // for string flags; nullptr accepts any value
  // Repeatable flags collect every occurrence, separated by spaces (the environment variable
  // takes the same space-separated list).
  bool repeatable = false;
};

std::optional<std::string> RequireNonEmpty(const std::string& value) {
  if (value.empty()) return "must not be empty";
  return std::nullopt;
}

std::optional<std::string> RequireHttpUrlOrEmpty(const std::string& value) {
  if (value.empty() || value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0) {
    return std::nullopt;
  }
  return "must be an http:// or https:// URL; got '" + value + "'";
}

std::optional<std::string> RequireLogLevel(const std::string& value) {
  constexpr std::string_view kLevels[] = {"debug", "info", "warn", "error"};
  if (std::find(std::begin(kLevels), std::end(kLevels), value) != std::end(kLevels)) {
    return std::nullopt;
  }
  return "must be one of debug, info, warn, error; got '" + value + "'";
}

std::optional<std::string> RequireAccountId(const std::string& value) {
  bool all_digits =
      std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  if (value.size() == 12 && all_digits) return std::nullopt;
  return "must be exactly 12 digits (an AWS account id); got '" + value + "'";
}

std::optional<std::string> RequireAuthMode(const std::string& value) {
  if (value == "none" || value == "verify") return std::nullopt;
  return "must be none or verify; got '" + value + "'";
}

std::optional<std::string> RequireClockMode(const std::string& value) {
  if (value == "system" || value == "manual") return std::nullopt;
  return "must be system or manual; got '" + value + "'";
}

std::optional<std::string> RequireReviewMode(const std::string& value) {
  if (value == "auto" || value == "manual") return std::nullopt;
  return "must be auto or manual; got '" + value + "'";
}

// The one table of flags: parsing, the environment and the usage text all read it.
const Flag kFlags[] = {
    {"host", "ADDRESS", "Address to listen on: an IPv4/IPv6 literal or localhost.", &Options::host,
     0, 0, RequireNonEmpty},
    {"port", "PORT", "TCP port to listen on; 0 lets the system pick a free one.", &Options::port, 0,
     65535},
    {"db", "PATH", "SQLite database file, or :memory: for a throwaway database.", &Options::db, 0,
     0, RequireNonEmpty},
    {"fixtures", "PATH", "Seed data: default (built in), a JSON file path, or none.",
     &Options::fixtures, 0, 0, RequireNonEmpty},
    {"region", "REGION", "Region used when a request is not signed.", &Options::region, 0, 0,
     RequireNonEmpty},
    {"account", "ACCOUNT", "12-digit account id used when a request does not name one.",
     &Options::account, 0, 0, RequireAccountId},
    {"threads", "N", "Number of threads serving connections (1-64).", &Options::threads, 1, 64},
    {"readers", "N",
     "Threads reading the database, each on a read-only connection (0-64; 0 reads on the "
     "writer).",
     &Options::readers, 0, 64},
    {"log-level", "LEVEL", "One of debug, info, warn, error.", &Options::log_level, 0, 0,
     RequireLogLevel},
    {"max-body-bytes", "BYTES", "Largest request body accepted; larger ones get 413.",
     &Options::max_body_bytes, 1, std::numeric_limits<uint32_t>::max()},
    {"request-timeout", "SECONDS",
     "Time allowed for a whole request to arrive (also the idle keep-alive limit).",
     &Options::request_timeout_seconds, 1, 86400},
    {"max-connections", "N", "Open connections allowed; further ones are answered 503.",
     &Options::max_connections, 1, 1000000},
    {"template-review", "MODE",
     "auto: new and edited templates are reviewed after --template-review-delay; manual: "
     "only POST /_socialite/templates/{id}/review decides.",
     &Options::template_review, 0, 0, RequireReviewMode},
    {"template-review-delay", "SECONDS", "Seconds from a template change to its automatic review.",
     &Options::template_review_delay_seconds, 0, 86400 * 30},
    {"s3-dir", "PATH", "Directory standing in for S3: bucket = subdirectory, key = relative path.",
     &Options::s3_dir, 0, 0, RequireNonEmpty},
    {"s3-endpoint", "URL",
     "An S3-compatible server (path-style, SigV4) to use instead of --s3-dir.",
     &Options::s3_endpoint},
    {"s3-access-key", "KEY", "Access key for --s3-endpoint.", &Options::s3_access_key},
    {"s3-secret-key", "SECRET", "Secret key for --s3-endpoint.", &Options::s3_secret_key},
    {"clock", "MODE",
     "system, or manual: time stands still until POST /_socialite/clock/advance (the position "
     "is stored, so a restart continues from it).",
     &Options::clock, 0, 0, RequireClockMode},
    {"status-delays", "LIST",
     "Seconds from acceptance to each status, e.g. sent=0.1,delivered=0.5,read=2.",
     &Options::status_delays, 0, 0, RequireNonEmpty},
    {"webhook", "ARN_GLOB=URL",
     "Subscribe URL to the SNS topics matching ARN_GLOB as SNS does: a SubscriptionConfirmation "
     "first, then each event as a signed SNS Notification (repeatable; the environment "
     "variable takes a space-separated list).",
     &Options::webhooks, 0, 0, nullptr, /*repeatable=*/true},
    {"webhook-raw", "ARN_GLOB=URL",
     "POST the bare event envelope of destinations matching ARN_GLOB to URL, with no SNS "
     "wrapping or handshake (like SNS raw message delivery; repeatable).",
     &Options::webhooks_raw, 0, 0, nullptr, /*repeatable=*/true},
    {"public-url", "URL",
     "How receivers reach this server, for the SNS SubscribeURL, UnsubscribeURL and "
     "SigningCertURL (default: http://HOST:PORT as it listens, a wildcard host as 127.0.0.1).",
     &Options::public_url, 0, 0, RequireHttpUrlOrEmpty},
    {"sns-signature-version", "N",
     "SignatureVersion of SNS messages: 1 (SHA1withRSA, SNS's default) or 2 (SHA256withRSA).",
     &Options::sns_signature_version, 1, 2},
    {"sns-auto-confirm", "",
     "SNS subscriptions of --webhook URLs start confirmed: no SubscriptionConfirmation.",
     &Options::sns_auto_confirm},
    {"eventbridge-endpoint", "URL",
     "Also put every event on the default event bus of this EventBridge-compatible endpoint "
     "(PutEvents, SigV4), e.g. LocalStack's.",
     &Options::eventbridge_endpoint, 0, 0, RequireHttpUrlOrEmpty},
    {"eventbridge-access-key", "KEY", "Access key for signing EventBridge PutEvents requests.",
     &Options::eventbridge_access_key},
    {"eventbridge-secret-key", "SECRET", "Secret key for signing EventBridge PutEvents requests.",
     &Options::eventbridge_secret_key},
    {"sns-endpoint", "URL",
     "Publish events of SNS-topic destinations (with no --webhook) to this SNS-compatible "
     "endpoint, e.g. LocalStack's.",
     &Options::sns_endpoint},
    {"sns-access-key", "KEY", "Access key for signing SNS Publish requests.",
     &Options::sns_access_key},
    {"sns-secret-key", "SECRET", "Secret key for signing SNS Publish requests.",
     &Options::sns_secret_key},
    {"delivery-attempts", "N", "Delivery attempts per event before it is dead-lettered.",
     &Options::delivery_attempts, 1, 100},
    {"delivery-backoff-ms", "MS",
     "Wait before the first retry; each further retry waits twice as long (at most 60 s).",
     &Options::delivery_backoff_ms, 1, 600000},
    {"throughput-limit", "N",
     "Meta's throughput limit: messages per second per number (both directions, on the "
     "emulator's clock) before sends fail with a 130429 status; Meta's default is 80. 0: off.",
     &Options::throughput_limit, 0, 1000000},
    {"pair-rate-limit", "SECONDS",
     "Meta's pair rate limit: a send to a user this soon after the number's last one to the "
     "same user fails with a 131056 status; Meta's is about 6. 0: off.",
     &Options::pair_rate_limit_seconds, 0, 86400},
    {"auth", "MODE",
     "none (default): signatures are not checked; verify: strict SigV4 against --credentials.",
     &Options::auth, 0, 0, RequireAuthMode},
    {"credentials", "LIST",
     "For --auth verify: AKID:SECRET[,AKID:SECRET...], or @FILE with one AKID:SECRET per line.",
     &Options::credentials},
    {"admin-token", "TOKEN",
     "Admin requests (all but health) need header x-socialite-admin-token: TOKEN.",
     &Options::admin_token},
    {"admin-loopback-only", "", "Answer admin requests only from loopback addresses.",
     &Options::admin_loopback_only},
    {"help", "", "Print this help and exit.", &Options::help},
    {"health-check", "",
     "Do not serve: ask GET /_socialite/health of the server at --host and --port, exit 0 "
     "when it answers 200, else 1 (the Docker image's HEALTHCHECK).",
     &Options::health_check},
};

const Flag* FindFlag(std::string_view name) {
  for (const Flag& flag : kFlags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

bool IsSwitch(const Flag& flag) { return std::holds_alternative<bool Options::*>(flag.field); }

// "log-level" -> "SOCIALITE_LOG_LEVEL".
std::string EnvName(const Flag& flag) {
  std::string name(kEnvPrefix);
  for (char c : flag.name) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

// Accepts digits only (no sign, blanks or suffix) within [min, max].
std::optional<uint64_t> ParseBoundedNumber(const std::string& text, const Flag& flag,
                                           std::string& error) {
  uint64_t number = 0;
  const char* end = text.data() + text.size();
  auto [stop, status] = std::from_chars(text.data(), end, number);
  bool digits_only = !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isdigit(c) != 0;
  });
  if (!digits_only || status != std::errc() || stop != end || number < flag.min ||
      number > flag.max) {
    error = "must be a whole number from " + std::to_string(flag.min) + " to " +
            std::to_string(flag.max) + "; got '" + text + "'";
    return std::nullopt;
  }
  return number;
}

std::optional<bool> ParseSwitch(const std::string& text) {
  if (text.empty() || text == "1" || text == "true" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "no") return false;
  return std::nullopt;
}

// Parses `text` into the flag's member of `options`; returns the error message on failure.
std::optional<std::string> Apply(const Flag& flag, const std::string& text, Options& options) {
  std::string error;
  auto store = [&](auto member) {
    using Value = std::remove_reference_t<decltype(options.*member)>;
    if constexpr (std::is_same_v<Value, std::string>) {
      if (flag.check != nullptr) {
        if (auto problem = flag.check(text)) {
          error = *problem;
          return;
        }
      }
      options.*member = text;
    } else if constexpr (std::is_same_v<Value, bool>) {
      std::optional<bool> on = ParseSwitch(text);
      if (!on) {
        error = "takes no value, or one of true, false, 1, 0; got '" + text + "'";
        return;
      }
      options.*member = *on;
    } else {
      std::optional<uint64_t> number = ParseBoundedNumber(text, flag, error);
      if (number) options.*member = static_cast<Value>(*number);
    }
  };
  std::visit(store, flag.field);
  if (error.empty()) return std::nullopt;
  return error;
}

std::string DefaultText(const Flag& flag) {
  static const Options kDefaults;
  return std::visit(
      [](auto member) -> std::string {
        const auto& value = kDefaults.*member;
        using Value = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<Value, std::string>) {
          return value;
        } else if constexpr (std::is_same_v<Value, bool>) {
          return value ? "true" : "false";
        } else {
          return std::to_string(value);
        }
      },
      flag.field);
}

// A flag's raw value and where it came from, for error messages.
struct RawValue {
  std::string text;
  std::string source;  // "--port" or "SOCIALITE_PORT"
};

// Reads SOCIALITE_* variables into `raw`. Unknown SOCIALITE_* names are ignored: other
// components may read their own variables.
void CollectEnvironment(const std::vector<std::string>& env, std::map<const Flag*, RawValue>& raw) {
  for (const std::string& entry : env) {
    size_t equals = entry.find('=');
    if (equals == std::string::npos) continue;
    std::string_view name(entry.data(), equals);
    if (name.substr(0, kEnvPrefix.size()) != kEnvPrefix) continue;
    for (const Flag& flag : kFlags) {
      if (EnvName(flag) == name) {
        raw[&flag] = {entry.substr(equals + 1), std::string(name)};
        break;
      }
    }
  }
}

// Reads the command line into `raw`, overriding the environment; the last repeat wins.
Status CollectArguments(const std::vector<std::string>& args,
                        std::map<const Flag*, RawValue>& raw) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg.substr(0, kFlagPrefix.size()) != kFlagPrefix || arg.size() == kFlagPrefix.size()) {
      return InvalidParameters("unexpected argument '" + args[i] +
                               "'; options look like --name value (see --help)");
    }
    std::string_view body = arg.substr(kFlagPrefix.size());
    size_t equals = body.find('=');
    std::string_view name = body.substr(0, equals);
    const Flag* flag = FindFlag(name);
    if (flag == nullptr) {
      return InvalidParameters("unknown option --" + std::string(name) + " (see --help)");
    }
    std::string source = "--" + std::string(flag->name);
    std::string value;
    if (equals != std::string_view::npos) {
      value = std::string(body.substr(equals + 1));
    } else if (IsSwitch(*flag)) {
      value = "";
    } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
      value = args[++i];
    } else {
      return InvalidParameters(source + " needs a value (" + std::string(flag->value_name) + ")");
    }
    auto existing = raw.find(flag);
    if (flag->repeatable && existing != raw.end() && existing->second.source == source) {
      existing->second.text += " " + value;
    } else {
      raw[flag] = {value, source};
    }
  }
  return Status();
}

}  // namespace

std::string OptionsUsage() {
  std::string usage =
      "Usage: socialite [options]\n"
      "\n"
      "Local emulator of the AWS End User Messaging Social API (WhatsApp).\n"
      "Each option can also be set with the environment variable shown; the command line\n"
      "wins over the environment, which wins over the default. Values may be given as\n"
      "--name value or --name=value.\n"
      "\n"
      "Options:\n";
  for (const Flag& flag : kFlags) {
    std::string synopsis = "  --" + std::string(flag.name);
    if (!flag.value_name.empty()) synopsis += " " + std::string(flag.value_name);
    usage += synopsis + "\n      " + std::string(flag.help) + "\n      env " + EnvName(flag) +
             ", default " + DefaultText(flag) + "\n";
  }
  return usage;
}

std::string HealthCheckUrl(const Options& options) {
  std::string host = options.host;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "::1";
  if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(options.port) + "/_socialite/health";
}

Result<Options> ParseOptions(const std::vector<std::string>& args,
                             const std::vector<std::string>& env) {
  std::map<const Flag*, RawValue> raw;
  CollectEnvironment(env, raw);
  RETURN_IF_ERROR(CollectArguments(args, raw));

  Options options;
  // --help is settled first and wins even when other values are wrong, so a confused user
  // still gets the usage text.
  const Flag* help = FindFlag("help");
  if (auto found = raw.find(help); found != raw.end()) {
    if (auto error = Apply(*help, found->second.text, options)) {
      return InvalidParameters(found->second.source + " " + *error);
    }
    if (options.help) return options;
  }
  // Apply in table order so the first bad flag reported is predictable.
  for (const Flag& flag : kFlags) {
    auto found = raw.find(&flag);
    if (found == raw.end()) continue;
    if (auto error = Apply(flag, found->second.text, options)) {
      return InvalidParameters(found->second.source + " " + *error);
    }
  }
  return options;
}

}  // namespace socialite
