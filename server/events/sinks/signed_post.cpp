#include "server/events/sinks/signed_post.h"

#include <boost/url/parse.hpp>
#include <chrono>
#include <utility>

#include "server/dispatch/http_message.h"

namespace socialite::events {

std::optional<AwsEndpoint> ParseAwsEndpoint(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || !parsed->has_authority() || parsed->encoded_host().empty()) return std::nullopt;
  if (parsed->has_userinfo() || parsed->has_query() || parsed->has_fragment()) return std::nullopt;
  std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "https") return std::nullopt;
  AwsEndpoint out;
  out.host = std::string(parsed->encoded_host());
  if (parsed->has_port()) out.host += ":" + std::string(parsed->port());
  out.origin = scheme + "://" + out.host;
  std::string base(parsed->encoded_path());
  while (!base.empty() && base.back() == '/') base.pop_back();
  out.path = base + "/";
  return out;
}

net::ClientResult SendSignedPost(net::HttpClient& client, const AwsEndpoint& endpoint,
                                 const std::string& content_type,
                                 std::vector<std::pair<std::string, std::string>> extra_headers,
                                 const objectstore::SigningKey& key, std::string body,
                                 int timeout_ms, std::stop_token stop) {
  // Sign exactly the headers that are sent, Host included.
  std::string amz_date = objectstore::FormatAmzDate(std::chrono::system_clock::now());
  objectstore::SigningRequest signing;
  signing.method = "POST";
  signing.path = endpoint.path;
  signing.payload_sha256_hex = objectstore::HexSha256(body);
  signing.headers = {
      {"Host", endpoint.host}, {"Content-Type", content_type}, {"X-Amz-Date", amz_date}};
  for (auto& header : extra_headers) signing.headers.push_back(std::move(header));

  HttpRequest request;
  request.method = "POST";
  request.headers = signing.headers;
  request.headers.emplace_back("Authorization",
                               objectstore::AuthorizationHeader(signing, key, amz_date));
  request.body = std::move(body);
  return client.Send(endpoint.origin + endpoint.path, request, timeout_ms, std::move(stop));
}

}  // namespace socialite::events
