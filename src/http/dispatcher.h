// Dispatcher: everything between a parsed HTTP request and its response, independent of sockets:
// request ids, CORS, routing (404/405), authentication, calling the handler, mapping errors,
// security headers, HEAD, the access log line and the metrics.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "http/client_address.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "services/accounts.h"

namespace chronotrail::http {

using RawResponse = beast_http::response<beast_http::string_body>;

// What goes back on the wire: the message, and for a streamed body its source (the message then
// carries only the head).
struct Outgoing {
  RawResponse message;
  BodyStream stream;
};

class Dispatcher {
 public:
  // Throws std::invalid_argument when config.trusted_proxies holds something that is not an
  // address or network.
  Dispatcher(const Router& router, const AccountService& accounts, Metrics& metrics,
             const Config& config, const Clock& clock = SystemClock::Instance());

  // Serves one request from the TCP peer `peer`. Never throws: failures become error responses.
  Outgoing Serve(const RawRequest& raw, const boost::asio::ip::address& peer);

  // The response for a request that could not be read completely (too large, malformed).
  RawResponse Reject(ErrorKind kind, std::string message, boost::json::value details,
                     unsigned version);

 private:
  // Authenticates the caller of a protected route, applying the rate limits around it.
  AccountService::Caller Authenticate(const Request& req, const std::string& client);
  Response Preflight(const Request& req, const Match& match) const;
  void AddCommonHeaders(const Request& req, Response& res) const;
  bool OriginAllowed(std::string_view origin) const;
  Outgoing Finish(beast_http::verb method, unsigned version, bool keep_alive, Response res);

  const Router& router_;
  const AccountService& accounts_;
  Metrics& metrics_;
  std::vector<std::string> cors_origins_;
  TrustedProxies trusted_proxies_;
  RateLimiter per_address_;
  RateLimiter per_user_;
  RateLimiter auth_failures_;
};

}  // namespace chronotrail::http
