#include "http/error_response.h"

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
