#include "http/error_response.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/time.h"
#include "http/usage_headers.h"

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
    std::optional<Micros> resets_at;
    if (const auto* text = d.if_contains("resets_at"); text && text->is_string()) {
      resets_at = ParseIsoTime(text->get_string());
    }
    if (d.contains("limit") && d.contains("used") && resets_at) {
      AddUsageHeaders(r, d.at("limit").to_number<std::int64_t>(),
                      d.at("used").to_number<std::int64_t>(), *resets_at);
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
