#include "http/dispatcher.h"

#include <chrono>

#include "core/ids.h"
#include "core/log.h"
#include "http/error_response.h"

namespace chronotrail::http {
namespace {

std::string_view BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(header[i]) != kScheme[i]) return {};
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (out.find(s) != std::string::npos) continue;
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

// A method name safe to use as a metrics label.
std::string MethodLabel(beast_http::verb method) {
  return method == beast_http::verb::unknown ? "OTHER" : std::string(beast_http::to_string(method));
}

// The 429 for a refused rate-limit decision.
ApiError RateLimited(const RateLimiter::Decision& d, const char* what) {
  ApiError error(ErrorKind::kRateLimited, std::string("Too many ") + what + "; slow down");
  error.set_retry_after(d.retry_after_seconds);
  return error;
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, const AccountService& accounts, Metrics& metrics,
                       const Config& config, const Clock& clock)
    : router_(router),
      accounts_(accounts),
      metrics_(metrics),
      cors_origins_(config.cors_origins),
      trusted_proxies_(config.trusted_proxies),
      per_address_(config.rate_limit_per_minute, config.rate_limit_burst, clock),
      per_user_(config.rate_limit_per_minute, config.rate_limit_burst, clock),
      auth_failures_(config.auth_failures_per_minute, config.auth_failures_per_minute, clock) {}

AccountService::Caller Dispatcher::Authenticate(const Request& req, const std::string& client) {
  if (auto d = per_address_.Take(client); !d.allowed) throw RateLimited(d, "requests");
  try {
    std::string_view token = BearerToken(req.header("Authorization"));
    if (token.empty()) throw ApiError::Unauthenticated("A bearer token is required");
    AccountService::Caller caller = accounts_.Authenticate(token);
    if (auto d = per_user_.Take(caller.user.id); !d.allowed) throw RateLimited(d, "requests");
    return caller;
  } catch (const ApiError& e) {
    // Guessing tokens costs the guesser: past the allowance, even a right guess is refused.
    if (e.kind() == ErrorKind::kUnauthenticated) {
      if (auto d = auth_failures_.Take(client); !d.allowed) {
        throw RateLimited(d, "failed authentications");
      }
    }
    throw;
  }
}

Outgoing Dispatcher::Serve(const RawRequest& raw, const boost::asio::ip::address& peer) {
  metrics_.RequestStarted();
  Exchange ex(raw, NewId());
  Response res = Guarded(ex, [&] {
    Match match = router_.Find(raw.method(), ex.request.path());
    if (match.route) ex.route = match.route->pattern;
    if (raw.method() == beast_http::verb::options && match.path_exists()) {
      return Preflight(ex.request, match);
    }
    if (!match.path_exists()) {
      return ErrorResponse(ErrorKind::kNotFound, "No route for " + std::string(ex.request.path()));
    }
    if (!match.route) {
      Response res = ErrorResponse(ErrorKind::kMethodNotAllowed,
                                   std::string(ex.request.method_text()) + " is not allowed here");
      res.headers.emplace_back("Allow", Join(match.allowed));
      return res;
    }
    const Route& route = *match.route;
    Admit(ex, route, std::move(match.params), peer);
    if (route.upload) {  // a body read whole, as for any route (e.g. a small or repeated upload)
      std::unique_ptr<BodySink> sink = route.upload(ex.request);
      sink->Write(raw.body());
      return sink->Finish();
    }
    return route.handler(ex.request);
  });
  return Conclude(ex, std::move(res));
}

bool Dispatcher::IsUpload(const RawRequest& head) const {
  if (head.method() == beast_http::verb::options) return false;
  Request req(head, {});
  Match match = router_.Find(head.method(), req.path());
  return match.route && match.route->upload;
}

Dispatcher::UploadStart Dispatcher::BeginUpload(const RawRequest& head,
                                                const boost::asio::ip::address& peer) {
  metrics_.RequestStarted();
  auto upload = std::make_unique<PendingUpload>(head, NewId());
  Response res = Guarded(upload->exchange, [&] {
    Exchange& ex = upload->exchange;
    Match match = router_.Find(head.method(), ex.request.path());
    ex.route = match.route->pattern;
    Admit(ex, *match.route, std::move(match.params), peer);
    upload->sink = match.route->upload(ex.request);
    return Response{};
  });
  if (!upload->sink) return {nullptr, Conclude(upload->exchange, std::move(res))};
  return {std::move(upload), {}};
}

std::optional<Outgoing> Dispatcher::FeedUpload(PendingUpload& upload, std::string_view bytes) {
  bool failed = false;
  Response res = Guarded(upload.exchange, [&] {
    failed = true;
    upload.sink->Write(bytes);
    failed = false;
    return Response{};
  });
  if (!failed) return std::nullopt;
  upload.sink.reset();
  return Conclude(upload.exchange, std::move(res));
}

Outgoing Dispatcher::FinishUpload(PendingUpload& upload) {
  Response res = Guarded(upload.exchange, [&] { return upload.sink->Finish(); });
  upload.sink.reset();
  return Conclude(upload.exchange, std::move(res));
}

void Dispatcher::Admit(Exchange& ex, const Route& route,
                       std::vector<std::pair<std::string, std::string>> params,
                       const boost::asio::ip::address& peer) {
  ex.request.set_params(std::move(params));
  if (route.access == Access::kPublic) return;
  ex.client = ClientAddress(peer, ex.request.header("X-Forwarded-For"), trusted_proxies_);
  AccountService::Caller caller = Authenticate(ex.request, ex.client);
  ex.request.set_user(std::move(caller.user));
  ex.request.set_admin(caller.admin);
  if (route.access == Access::kAdmin && !caller.admin) {
    throw ApiError(ErrorKind::kForbidden, "This route is for operators");
  }
}

Response Dispatcher::Guarded(const Exchange& ex, const std::function<Response()>& work) {
  try {
    return work();
  } catch (const ApiError& e) {
    if (e.kind() == ErrorKind::kInternal) {
      Log(LogLevel::kError, "internal_error",
          {{"request_id", ex.request.request_id()}, {"error", e.what()}});
      return ErrorResponse(ErrorKind::kInternal, "An internal error occurred");
    }
    if (e.kind() == ErrorKind::kInsufficientStorage) {
      Log(LogLevel::kError, "disk_full",
          {{"request_id", ex.request.request_id()}, {"error", e.what()}});
      ApiError full(ErrorKind::kInsufficientStorage,
                    "The server has no room to store this now; nothing was written. Reading "
                    "works; try writing again later");
      full.set_retry_after(60);
      return ErrorResponse(full);
    }
    if (e.kind() == ErrorKind::kUnavailable) {
      // The cause (a database host, an S3 error) is for operators; the client learns only that
      // trying again later may work.
      Log(LogLevel::kWarn, "dependency_unavailable",
          {{"request_id", ex.request.request_id()}, {"error", e.what()}});
      ApiError generic(ErrorKind::kUnavailable,
                       "A service this request needs is unavailable; try again shortly");
      generic.set_retry_after(e.retry_after().value_or(5));
      return ErrorResponse(generic);
    }
    return ErrorResponse(e);
  } catch (const std::exception& e) {
    Log(LogLevel::kError, "internal_error",
        {{"request_id", ex.request.request_id()}, {"error", e.what()}});
    return ErrorResponse(ErrorKind::kInternal, "An internal error occurred");
  }
}

Outgoing Dispatcher::Conclude(const Exchange& ex, Response res) {
  const Request& req = ex.request;
  AddCommonHeaders(req, res);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ex.started).count();
  std::string method = MethodLabel(ex.raw.method());
  metrics_.RequestFinished(method, ex.route, res.status, seconds);
  LogWith(LogLevel::kInfo, "request", [&](JsonWriter& w) {
    w.Key("request_id").String(req.request_id());
    w.Key("method").String(method).Key("route").String(ex.route).Key("path").String(req.path());
    w.Key("status").Int(res.status).Key("duration_ms").Double(seconds * 1000);
    if (!ex.client.empty()) w.Key("client").String(ex.client);
    w.Key("user_id");
    if (req.has_user()) {
      w.String(req.user().id);
    } else {
      w.Null();
    }
  });
  return Finish(ex.raw.method(), ex.raw.version(), ex.raw.keep_alive(), std::move(res));
}

RawResponse Dispatcher::Reject(ErrorKind kind, std::string message, boost::json::value details,
                               unsigned version) {
  Response res = ErrorResponse(kind, std::move(message), std::move(details));
  std::string id = NewId();
  res.headers.emplace_back("X-Request-Id", id);
  Log(LogLevel::kInfo, "request_rejected",
      {{"request_id", id}, {"status", res.status}, {"error", CodeOf(kind)}});
  metrics_.RequestStarted();
  metrics_.RequestFinished("OTHER", "unread", res.status, 0);
  return Finish(beast_http::verb::unknown, version, false, std::move(res)).message;
}

Response Dispatcher::Preflight(const Request& req, const Match& match) const {
  Response res = Response::NoContent();
  std::string methods = Join(match.allowed) + ", OPTIONS";
  res.headers.emplace_back("Allow", methods);
  std::string_view origin = req.header("Origin");
  if (!origin.empty() && OriginAllowed(origin)) {
    res.headers.emplace_back("Access-Control-Allow-Methods", methods);
    std::string_view asked = req.header("Access-Control-Request-Headers");
    res.headers.emplace_back("Access-Control-Allow-Headers",
                             asked.empty() ? "Authorization, Content-Type" : std::string(asked));
    res.headers.emplace_back("Access-Control-Max-Age", "600");
  }
  return res;
}

bool Dispatcher::OriginAllowed(std::string_view origin) const {
  for (const std::string& allowed : cors_origins_) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

void Dispatcher::AddCommonHeaders(const Request& req, Response& res) const {
  res.headers.emplace_back("X-Request-Id", req.request_id());
  std::string_view origin = req.header("Origin");
  if (!origin.empty() && OriginAllowed(origin)) {
    res.headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
    res.headers.emplace_back("Access-Control-Allow-Credentials", "true");
    res.headers.emplace_back("Access-Control-Expose-Headers", "X-Request-Id");
    res.headers.emplace_back("Vary", "Origin");
  }
}

Outgoing Dispatcher::Finish(beast_http::verb method, unsigned version, bool keep_alive,
                            Response res) {
  RawResponse out{static_cast<beast_http::status>(res.status), version};
  out.set(beast_http::field::server, "ChronoTrail/" CHRONOTRAIL_VERSION);
  if (!res.content_type.empty()) out.set(beast_http::field::content_type, res.content_type);
  out.set("X-Content-Type-Options", "nosniff");
  out.set("X-Frame-Options", "DENY");
  out.set("Referrer-Policy", "no-referrer");
  for (auto& [name, value] : res.headers) out.insert(name, value);
  // Responses are private and change: not cached, unless the handler says otherwise.
  if (out.find(beast_http::field::cache_control) == out.end()) {
    out.set(beast_http::field::cache_control, "no-store");
  }
  out.keep_alive(keep_alive);
  if (res.stream && method != beast_http::verb::head) {
    // A streamed body of unknown length is sent chunked (HTTP/1.1), or for HTTP/1.0 the end of
    // the connection marks the end of the body.
    if (res.stream_length) {
      out.content_length(*res.stream_length);
    } else if (version >= 11) {
      out.chunked(true);
    } else {
      out.keep_alive(false);
    }
    return {std::move(out), std::move(res.stream)};
  }
  out.body() = std::move(res.body);
  out.prepare_payload();
  // HEAD: the same headers (Content-Length included) without the body.
  if (method == beast_http::verb::head) {
    out.body().clear();
    if (res.stream_length) out.content_length(*res.stream_length);
  }
  return {std::move(out), nullptr};
}

}  // namespace chronotrail::http
