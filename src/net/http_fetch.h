// HttpFetch: one outgoing HTTP(S) request, made synchronously with libcurl.
//
// The single way the server talks to other services over HTTP (S3, OpenID discovery and keys,
// the ECS credentials endpoint, AI providers). Bodies can be strings or streams in both
// directions, so large objects never have to sit in memory.
//
// Errors: a transport failure (DNS, refused connection, TLS, timeout) throws
// ApiError(kUnavailable) naming the host; any HTTP status is returned to the caller to judge.
// Thread-safe: each call uses its own curl handle.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chronotrail::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  // The body, when small enough to hold.
  std::string body;
  // Or a stream: called until it returns 0, each time filling up to `capacity` bytes of `buffer`;
  // `body_length` must then say how many bytes it will give in all (sent as Content-Length).
  std::function<size_t(char* buffer, size_t capacity)> body_source;
  std::int64_t body_length = 0;
  int timeout_ms = 30000;
  int connect_timeout_ms = 5000;
};

struct HttpResponse {
  int status = 0;
  Headers headers;   // names lower-case, in arrival order
  std::string body;  // empty when a body sink took the bytes

  // The first header named `name` (lower-case), if any.
  std::optional<std::string> Header(std::string_view name) const;
};

// Receives the response body in pieces; returning false aborts the transfer (which then throws
// ApiError(kUnavailable)).
using BodySink = std::function<bool(std::string_view piece)>;

// Sees the status and headers of a 2xx response once they are complete, before its body goes to
// the sink (not called when the body is empty), so the receiver can learn what it is about to get.
// It runs inside libcurl: it must not throw (neither may a BodySink).
using HeadCallback = std::function<void(const HttpResponse& head)>;

// Sends `request`. With `sink`, the body of a 2xx response goes to it instead of into
// HttpResponse::body (other statuses are always collected, to be reported).
HttpResponse HttpFetch(const HttpRequest& request, const BodySink& sink = {},
                       const HeadCallback& on_head = {});

}  // namespace chronotrail::net
