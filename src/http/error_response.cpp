#include "http/error_response.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/time.h"

namespace chronotrail::http {

Response ErrorResponse(const ApiError& error) {
  Response r = Response::Json(StatusOf(error.kind()),
                              boost::json::object{
                                  {"error", CodeOf(error.kind())},
                                  {"message", error.what()},
                                  {"details", error.details()},
                                  {"timestamp", FormatIsoTime(SystemClock::Instance().Now())},
                              });
  if (error.retry_after()) {
    r.headers.emplace_back("Retry-After", std::to_string(std::max(0L, *error.retry_after())));
  }
  if (error.kind() == ErrorKind::kUsageLimit && error.details().is_object()) {
    // The same X-Usage-* headers as on the counted requests that succeeded.
    const auto& d = error.details().get_object();
    if (d.contains("limit") && d.contains("used") && d.contains("resets_at")) {
      std::int64_t limit = d.at("limit").to_number<std::int64_t>();
      std::int64_t used = d.at("used").to_number<std::int64_t>();
      r.headers.emplace_back("X-Usage-Limit", std::to_string(limit));
      r.headers.emplace_back("X-Usage-Remaining",
                             std::to_string(std::max<std::int64_t>(0, limit - used)));
      r.headers.emplace_back("X-Usage-Reset", std::string(d.at("resets_at").as_string()));
    }
  }
  if (error.kind() == ErrorKind::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate",
                           "Bearer realm=\"chronotrail\", error=\"invalid_token\"");
  }
  return r;
}

Response ErrorResponse(ErrorKind kind, std::string message, boost::json::value details) {
  return ErrorResponse(ApiError(kind, std::move(message), std::move(details)));
}

}  // namespace chronotrail::http
