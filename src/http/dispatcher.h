// Dispatcher: everything between a parsed HTTP request and its response, independent of sockets:
// request ids, CORS, routing (404/405), authentication, calling the handler, mapping errors,
// security headers, HEAD, the access log line and the metrics.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "services/accounts.h"

namespace chronotrail::http {

using RawResponse = beast_http::response<beast_http::string_body>;

class Dispatcher {
 public:
  Dispatcher(const Router& router, const AccountService& accounts, Metrics& metrics,
             const Config& config);

  // Serves one request. Never throws: failures become error responses.
  RawResponse Serve(const RawRequest& raw);

  // The response for a request that could not be read completely (too large, malformed).
  RawResponse Reject(ErrorKind kind, std::string message, boost::json::value details,
                     unsigned version);

 private:
  Response Route(Request& req);
  Response Preflight(const Request& req, const Match& match) const;
  void AddCommonHeaders(const Request& req, Response& res) const;
  bool OriginAllowed(std::string_view origin) const;
  RawResponse Finish(beast_http::verb method, unsigned version, bool keep_alive, Response res);

  const Router& router_;
  const AccountService& accounts_;
  Metrics& metrics_;
  std::vector<std::string> cors_origins_;
};

}  // namespace chronotrail::http
