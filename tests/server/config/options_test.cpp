#include "server/config/options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace socialite {
namespace {

using Args = std::vector<std::string>;

Options ParseOk(const Args& args, const Args& env = {}) {
  Result<Options> parsed = ParseOptions(args, env);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed.value() : Options();
}

std::string ParseError(const Args& args, const Args& env = {}) {
  Result<Options> parsed = ParseOptions(args, env);
  EXPECT_FALSE(parsed.ok());
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidParameters);
  return parsed.error().message;
}

TEST(OptionsTest, DefaultsWithoutArgumentsOrEnvironment) {
  Options options = ParseOk({});
  EXPECT_EQ(options.host, "127.0.0.1");
  EXPECT_EQ(options.port, 4576);
  EXPECT_EQ(options.db, "socialite.db");
  EXPECT_EQ(options.fixtures, "default");
  EXPECT_EQ(options.region, "us-east-1");
  EXPECT_EQ(options.account, "000000000000");
  EXPECT_EQ(options.threads, 2);
  EXPECT_EQ(options.log_level, "info");
  EXPECT_EQ(options.max_body_bytes, 10u * 1024 * 1024);
  EXPECT_EQ(options.request_timeout_seconds, 30);
  EXPECT_EQ(options.max_connections, 1024);
  EXPECT_FALSE(options.help);
}

TEST(OptionsTest, UnrelatedEnvironmentIsIgnored) {
  Options options =
      ParseOk({}, {"PATH=/usr/bin", "SOCIALITE_SOMETHING_ELSE=1", "NOEQUALS", "SOCIALITE_"});
  EXPECT_EQ(options.port, 4576);
}

// Each flag, its value and a check that it landed in the right member.
struct FlagCase {
  std::string flag;
  std::string env;
  std::string value;
  bool (*landed)(const Options&);
};

const FlagCase kFlagCases[] = {
    {"host", "SOCIALITE_HOST", "0.0.0.0", [](const Options& o) { return o.host == "0.0.0.0"; }},
    {"port", "SOCIALITE_PORT", "8080", [](const Options& o) { return o.port == 8080; }},
    {"db", "SOCIALITE_DB", ":memory:", [](const Options& o) { return o.db == ":memory:"; }},
    {"fixtures", "SOCIALITE_FIXTURES", "none",
     [](const Options& o) { return o.fixtures == "none"; }},
    {"region", "SOCIALITE_REGION", "eu-west-1",
     [](const Options& o) { return o.region == "eu-west-1"; }},
    {"account", "SOCIALITE_ACCOUNT", "123456789012",
     [](const Options& o) { return o.account == "123456789012"; }},
    {"threads", "SOCIALITE_THREADS", "8", [](const Options& o) { return o.threads == 8; }},
    {"log-level", "SOCIALITE_LOG_LEVEL", "debug",
     [](const Options& o) { return o.log_level == "debug"; }},
    {"max-body-bytes", "SOCIALITE_MAX_BODY_BYTES", "2048",
     [](const Options& o) { return o.max_body_bytes == 2048u; }},
    {"request-timeout", "SOCIALITE_REQUEST_TIMEOUT", "5",
     [](const Options& o) { return o.request_timeout_seconds == 5; }},
    {"max-connections", "SOCIALITE_MAX_CONNECTIONS", "16",
     [](const Options& o) { return o.max_connections == 16; }},
};

TEST(OptionsTest, EveryFlagAsSeparateValue) {
  for (const FlagCase& c : kFlagCases) {
    EXPECT_TRUE(c.landed(ParseOk({"--" + c.flag, c.value}))) << c.flag;
  }
}

TEST(OptionsTest, EveryFlagWithEquals) {
  for (const FlagCase& c : kFlagCases) {
    EXPECT_TRUE(c.landed(ParseOk({"--" + c.flag + "=" + c.value}))) << c.flag;
  }
}

TEST(OptionsTest, EveryFlagFromEnvironment) {
  for (const FlagCase& c : kFlagCases) {
    EXPECT_TRUE(c.landed(ParseOk({}, {c.env + "=" + c.value}))) << c.env;
  }
}

TEST(OptionsTest, SeveralFlagsTogether) {
  Options options = ParseOk({"--port", "0", "--db=:memory:", "--threads", "1", "--host", "::1"});
  EXPECT_EQ(options.port, 0);
  EXPECT_EQ(options.db, ":memory:");
  EXPECT_EQ(options.threads, 1);
  EXPECT_EQ(options.host, "::1");
}

TEST(OptionsTest, EqualsFormKeepsLaterEqualsSignsInValue) {
  EXPECT_EQ(ParseOk({"--db=file:x.db?mode=memory"}).db, "file:x.db?mode=memory");
}

TEST(OptionsTest, CommandLineWinsOverEnvironment) {
  Options options = ParseOk({"--port", "5000"}, {"SOCIALITE_PORT=6000", "SOCIALITE_REGION=ap-1"});
  EXPECT_EQ(options.port, 5000);
  EXPECT_EQ(options.region, "ap-1");
}

TEST(OptionsTest, EnvironmentWinsOverDefault) {
  EXPECT_EQ(ParseOk({}, {"SOCIALITE_LOG_LEVEL=warn"}).log_level, "warn");
}

TEST(OptionsTest, InvalidEnvironmentValueOverriddenOnCommandLineIsNotAnError) {
  EXPECT_EQ(ParseOk({"--port=7000"}, {"SOCIALITE_PORT=not-a-port"}).port, 7000);
}

TEST(OptionsTest, LastRepeatOnCommandLineWins) {
  EXPECT_EQ(ParseOk({"--threads", "3", "--threads=4"}).threads, 4);
}

TEST(OptionsTest, PortBounds) {
  EXPECT_EQ(ParseOk({"--port", "0"}).port, 0);
  EXPECT_EQ(ParseOk({"--port", "65535"}).port, 65535);
  EXPECT_EQ(ParseError({"--port", "65536"}),
            "--port must be a whole number from 0 to 65535; got '65536'");
}

TEST(OptionsTest, ThreadBounds) {
  EXPECT_EQ(ParseOk({"--threads", "64"}).threads, 64);
  EXPECT_EQ(ParseError({"--threads", "0"}),
            "--threads must be a whole number from 1 to 64; got '0'");
  EXPECT_EQ(ParseError({"--threads", "65"}),
            "--threads must be a whole number from 1 to 64; got '65'");
}

TEST(OptionsTest, NumbersMustBeFullyNumeric) {
  for (const char* bad : {"12a", "-1", "+5", " 5", "5 ", "", "1e3", "0x10", "3.0"}) {
    std::string message = ParseError({std::string("--port=") + bad});
    EXPECT_NE(message.find("must be a whole number"), std::string::npos) << bad;
  }
  EXPECT_NE(ParseError({"--max-body-bytes", "10MB"}).find("--max-body-bytes"), std::string::npos);
  EXPECT_NE(ParseError({"--request-timeout", "0"}).find("from 1 to"), std::string::npos);
  EXPECT_NE(ParseError({"--max-connections", "99999999999999999999"}).find("whole number"),
            std::string::npos);
}

TEST(OptionsTest, LogLevelMustBeKnown) {
  for (const char* level : {"debug", "info", "warn", "error"}) {
    EXPECT_EQ(ParseOk({"--log-level", level}).log_level, level);
  }
  EXPECT_EQ(ParseError({"--log-level", "verbose"}),
            "--log-level must be one of debug, info, warn, error; got 'verbose'");
  ParseError({"--log-level", "INFO"});
}

TEST(OptionsTest, AccountMustBeTwelveDigits) {
  EXPECT_EQ(ParseError({"--account", "12345"}),
            "--account must be exactly 12 digits (an AWS account id); got '12345'");
  ParseError({"--account", "1234567890123"});
  ParseError({"--account", "12345678901a"});
}

TEST(OptionsTest, EmptyStringsAreRejected) {
  EXPECT_EQ(ParseError({"--region="}), "--region must not be empty");
  ParseError({"--host="});
  ParseError({"--db="});
  ParseError({"--fixtures="});
}

TEST(OptionsTest, ErrorsNameTheEnvironmentVariable) {
  EXPECT_EQ(ParseError({}, {"SOCIALITE_THREADS=many"}),
            "SOCIALITE_THREADS must be a whole number from 1 to 64; got 'many'");
  EXPECT_EQ(ParseError({}, {"SOCIALITE_ACCOUNT=abc"}),
            "SOCIALITE_ACCOUNT must be exactly 12 digits (an AWS account id); got 'abc'");
}

TEST(OptionsTest, UnknownFlag) {
  EXPECT_EQ(ParseError({"--colour", "red"}), "unknown option --colour (see --help)");
  ParseError({"--colour=red"});
}

TEST(OptionsTest, PositionalArgumentsAreRejected) {
  EXPECT_NE(ParseError({"serve"}).find("unexpected argument 'serve'"), std::string::npos);
  ParseError({"-p", "1"});
  ParseError({"--"});
}

TEST(OptionsTest, MissingValue) {
  EXPECT_EQ(ParseError({"--port"}), "--port needs a value (PORT)");
  EXPECT_EQ(ParseError({"--db", "--port", "1"}), "--db needs a value (PATH)");
}

TEST(OptionsTest, Help) {
  EXPECT_TRUE(ParseOk({"--help"}).help);
  EXPECT_TRUE(ParseOk({"--help=true"}).help);
  EXPECT_FALSE(ParseOk({"--help=false"}).help);
  EXPECT_TRUE(ParseOk({}, {"SOCIALITE_HELP=1"}).help);
  ParseError({"--help=please"});
}

TEST(OptionsTest, HelpWinsOverBadValues) {
  EXPECT_TRUE(ParseOk({"--port", "abc", "--help"}).help);
  EXPECT_TRUE(ParseOk({"--help"}, {"SOCIALITE_THREADS=0"}).help);
}

TEST(OptionsTest, HealthCheck) {
  EXPECT_FALSE(ParseOk({}).health_check);
  EXPECT_TRUE(ParseOk({"--health-check"}).health_check);
  EXPECT_TRUE(ParseOk({}, {"SOCIALITE_HEALTH_CHECK=true"}).health_check);
  ParseError({"--health-check=soon"});
  // It reads the same --host and --port (or SOCIALITE_HOST and SOCIALITE_PORT) as the server.
  EXPECT_EQ(HealthCheckUrl(ParseOk({"--health-check"})), "http://127.0.0.1:4576/_socialite/health");
  EXPECT_EQ(HealthCheckUrl(
                ParseOk({"--health-check"}, {"SOCIALITE_HOST=0.0.0.0", "SOCIALITE_PORT=8080"})),
            "http://127.0.0.1:8080/_socialite/health");
  EXPECT_EQ(HealthCheckUrl(ParseOk({"--host", "::"})), "http://[::1]:4576/_socialite/health");
  EXPECT_EQ(HealthCheckUrl(ParseOk({"--host", "::1"})), "http://[::1]:4576/_socialite/health");
  EXPECT_EQ(HealthCheckUrl(ParseOk({"--host", "localhost", "--port", "5"})),
            "http://localhost:5/_socialite/health");
  EXPECT_NE(OptionsUsage().find("env SOCIALITE_HEALTH_CHECK, default false"), std::string::npos);
}

TEST(OptionsTest, UsageListsEveryFlagWithEnvironmentAndDefault) {
  std::string usage = OptionsUsage();
  for (const FlagCase& c : kFlagCases) {
    EXPECT_NE(usage.find("--" + c.flag), std::string::npos) << c.flag;
    EXPECT_NE(usage.find("env " + c.env + ","), std::string::npos) << c.env;
  }
  EXPECT_NE(usage.find("--help"), std::string::npos);
  EXPECT_NE(usage.find("SOCIALITE_HELP"), std::string::npos);
  EXPECT_NE(usage.find("env SOCIALITE_PORT, default 4576"), std::string::npos);
  EXPECT_NE(usage.find("env SOCIALITE_HOST, default 127.0.0.1"), std::string::npos);
  EXPECT_NE(usage.find("env SOCIALITE_MAX_BODY_BYTES, default 10485760"), std::string::npos);
  EXPECT_NE(usage.find("env SOCIALITE_LOG_LEVEL, default info"), std::string::npos);
}

}  // namespace
}  // namespace socialite
