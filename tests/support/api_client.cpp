#include "support/api_client.h"

#include <unistd.h>

#include <atomic>

#include "support/json_text.h"

namespace chronotrail::testing {

ApiClient::ApiClient(std::uint16_t port, std::string token, std::string email)
    : token_(std::move(token)),
      email_(std::move(email)),
      connection_(std::make_unique<HttpClient>(port)) {}

HttpResponse ApiClient::get(std::string_view target, const Headers& extra) {
  return send(http::verb::get, target, {}, extra);
}

HttpResponse ApiClient::post(std::string_view target, const boost::json::value& body) {
  return send(http::verb::post, target, ToJsonText(body), {{"Content-Type", "application/json"}});
}

HttpResponse ApiClient::put(std::string_view target, const boost::json::value& body) {
  return send(http::verb::put, target, ToJsonText(body), {{"Content-Type", "application/json"}});
}

HttpResponse ApiClient::patch(std::string_view target, const boost::json::value& body) {
  return send(http::verb::patch, target, ToJsonText(body), {{"Content-Type", "application/json"}});
}

HttpResponse ApiClient::del(std::string_view target) {
  return send(http::verb::delete_, target, {});
}

HttpResponse ApiClient::send(http::verb method, std::string_view target, std::string_view body,
                             const Headers& extra) {
  Headers headers;
  if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
  headers.insert(headers.end(), extra.begin(), extra.end());
  return connection_->request(method, target, body, headers);
}

std::string UniqueEmail(std::string_view label) {
  static std::atomic<int> counter{0};
  return std::string(label) + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter) +
         "@example.com";
}

}  // namespace chronotrail::testing
