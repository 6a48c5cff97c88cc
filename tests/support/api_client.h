#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "support/http_client.h"

namespace chronotrail::testing {

// One user of the API: a bearer token (none for an anonymous caller) and a keep-alive connection
// of its own. JSON bodies go out as `Content-Type: application/json`, as any real client sends
// them.
class ApiClient {
 public:
  ApiClient(std::uint16_t port, std::string token, std::string email = {});

  HttpResponse get(std::string_view target, const Headers& extra = {});
  HttpResponse post(std::string_view target, const boost::json::value& body);
  HttpResponse put(std::string_view target, const boost::json::value& body);
  HttpResponse patch(std::string_view target, const boost::json::value& body);
  HttpResponse del(std::string_view target);
  // Any method and body as given; only the Authorization header is added.
  HttpResponse send(http::verb method, std::string_view target, std::string_view body,
                    const Headers& extra = {});

  const std::string& token() const { return token_; }
  const std::string& email() const { return email_; }
  HttpClient& connection() { return *connection_; }

 private:
  std::string token_;
  std::string email_;
  std::unique_ptr<HttpClient> connection_;  // Behind a pointer so clients can be returned.
};

// An address no other test in this run uses, so every test can have a user of its own.
std::string UniqueEmail(std::string_view label = "user");

}  // namespace chronotrail::testing
