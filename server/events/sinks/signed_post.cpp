#include "server/events/sinks/signed_post.h"

#include <utility>

#include "server/dispatch/http_message.h"

namespace socialite::events {

net::ClientResult SendSignedPost(net::HttpClient& client, const std::string& url,
                                 const objectstore::SigningRequest& signing,
                                 const objectstore::SigningKey& key, const std::string& amz_date,
                                 std::string body, int timeout_ms, std::stop_token stop) {
  HttpRequest request;
  request.method = "POST";
  request.headers = signing.headers;
  request.headers.emplace_back("Authorization",
                               objectstore::AuthorizationHeader(signing, key, amz_date));
  request.body = std::move(body);
  return client.Send(url, request, timeout_ms, std::move(stop));
}

}  // namespace socialite::events
