// Dispatcher: everything between a parsed HTTP request and its response, independent of sockets:
// request ids, CORS, routing (404/405), authentication, calling the handler, mapping errors,
// security headers, HEAD, the access log line and the metrics.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
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
  // One request on its way through: what the access log and metrics report at the end.
  struct Exchange {
    Exchange(const RawRequest& raw, std::string request_id)
        : raw(raw), request(raw, std::move(request_id)) {}
    const RawRequest& raw;
    Request request;
    std::string route = "unmatched";
    std::string client;  // worked out only where it is needed (authenticated routes)
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  };

  // An upload whose body is being read: the request's head (kept here, since the session's
  // parser moves on to the body) and the route's sink.
  struct PendingUpload {
    PendingUpload(const RawRequest& head_in, std::string request_id)
        : head(head_in.base()), exchange(head, std::move(request_id)) {}
    RawRequest head;
    Exchange exchange;
    std::unique_ptr<BodySink> sink;
  };
  // BeginUpload's answer: the upload to feed, or (when refused at once) the response.
  struct UploadStart {
    std::unique_ptr<PendingUpload> upload;
    Outgoing refusal;
  };

  // Throws std::invalid_argument when config.trusted_proxies holds something that is not an
  // address or network.
  Dispatcher(const Router& router, const AccountService& accounts, Metrics& metrics,
             const Config& config, const Clock& clock = SystemClock::Instance());

  // Serves one request from the TCP peer `peer`. Never throws: failures become error responses.
  Outgoing Serve(const RawRequest& raw, const boost::asio::ip::address& peer);

  // Uploads. A request for a route with an UploadHandler is started from its head alone
  // (authentication, limits checked before the body arrives), then fed its body piece by piece,
  // then finished. A refusal at any step is the response, and the rest of the body is not read.
  bool IsUpload(const RawRequest& head) const;
  UploadStart BeginUpload(const RawRequest& head, const boost::asio::ip::address& peer);
  std::optional<Outgoing> FeedUpload(PendingUpload& upload, std::string_view bytes);
  Outgoing FinishUpload(PendingUpload& upload);

  // The response for a request that could not be read completely (too large, malformed).
  RawResponse Reject(ErrorKind kind, std::string message, boost::json::value details,
                     unsigned version);

 private:
  // Authenticates the caller of a protected route, applying the rate limits around it.
  AccountService::Caller Authenticate(const Request& req, const std::string& client);
  // Routing is done: sets the path parameters and the caller (for protected routes).
  void Admit(Exchange& ex, const Route& route,
             std::vector<std::pair<std::string, std::string>> params,
             const boost::asio::ip::address& peer);
  // Runs `work`, turning what it throws into an error response (causes go to the log).
  Response Guarded(const Exchange& ex, const std::function<Response()>& work);
  // Adds the common headers, writes the access log line and metrics, makes the wire message.
  Outgoing Conclude(const Exchange& ex, Response res);
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
