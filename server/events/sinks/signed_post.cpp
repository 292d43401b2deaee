#include "server/events/sinks/signed_post.h"

#include <chrono>
#include <utility>

#include "server/dispatch/http_message.h"

namespace socialite::events {

net::ClientResult SendSignedPost(net::HttpClient& client, const objectstore::AwsEndpoint& endpoint,
                                 const std::string& content_type,
                                 std::vector<std::pair<std::string, std::string>> extra_headers,
                                 const objectstore::SigningKey& key, std::string body,
                                 int timeout_ms, std::stop_token stop) {
  // Sign exactly the headers that are sent, Host included.
  std::string amz_date = objectstore::FormatAmzDate(std::chrono::system_clock::now());
  objectstore::SigningRequest signing;
  signing.method = "POST";
  signing.path = endpoint.base_path + "/";
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
  return client.Send(endpoint.origin + signing.path, request, timeout_ms, std::move(stop));
}

}  // namespace socialite::events
