// The one exception type of ChronoTrail. Any layer may throw it; the HTTP layer maps it, in one
// place (http/error_response.cpp), to a status and the JSON error body
// {"error", "message", "details", "timestamp"}. Anything else that escapes a handler is a bug and
// becomes a 500 INTERNAL_ERROR without leaking its text.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace chronotrail {

// One rejected input field, as listed in details.errors of a VALIDATION_ERROR.
struct FieldError {
  std::string field;
  std::string message;
};

enum class ErrorKind {
  kValidation,            // 400 VALIDATION_ERROR, details.errors = [{field, message}]
  kInvalidJson,           // 400 INVALID_JSON
  kBadRequest,            // 400 BAD_REQUEST
  kUnauthenticated,       // 401 AUTHENTICATION_ERROR
  kForbidden,             // 403 FORBIDDEN
  kNotFound,              // 404 NOT_FOUND (also: the record belongs to someone else)
  kMethodNotAllowed,      // 405 METHOD_NOT_ALLOWED
  kConflict,              // 409 CONFLICT
  kPayloadTooLarge,       // 413 PAYLOAD_TOO_LARGE
  kUnsupportedMediaType,  // 415 UNSUPPORTED_MEDIA_TYPE
  kHeadersTooLarge,       // 431 HEADERS_TOO_LARGE
  kUsageLimit,            // 429 USAGE_LIMIT_EXCEEDED, details {limit, used, tier, resets_at}
  kRateLimited,           // 429 RATE_LIMITED (too many requests in a short time)
  kRangeNotSatisfiable,   // 416 RANGE_NOT_SATISFIABLE (a byte range outside the stored object)
  kUnprocessable,         // 422 UNPROCESSABLE_FILE (a file of a supported type that cannot be read)
  kInsufficientStorage,   // 507 INSUFFICIENT_STORAGE (the server's disk is full; reads still work)
  kUnavailable,           // 503 SERVICE_UNAVAILABLE (a dependency is down)
  kInternal,              // 500 INTERNAL_ERROR
};

class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorKind kind, std::string message, boost::json::value details = nullptr)
      : std::runtime_error(std::move(message)), kind_(kind), details_(std::move(details)) {}

  ErrorKind kind() const { return kind_; }
  const boost::json::value& details() const { return details_; }
  // Seconds after which the same request may succeed (429, 503), when known.
  std::optional<long> retry_after() const { return retry_after_; }
  void set_retry_after(long seconds) { retry_after_ = seconds; }

  // Convenience constructors for the common cases.
  static ApiError Validation(const std::vector<FieldError>& errors);
  static ApiError NotFound(std::string what);
  static ApiError Unauthenticated(std::string why);
  static ApiError Unavailable(std::string what);
  // A failed file operation `what` ("Media storage: write") with its errno: the disk is full
  // (kInsufficientStorage) or failing (kUnavailable).
  static ApiError DiskFailure(const std::string& what, int error_number);

 private:
  ErrorKind kind_;
  boost::json::value details_;
  std::optional<long> retry_after_;
};

// The HTTP status and the machine-readable code of an error kind.
int StatusOf(ErrorKind kind);
const char* CodeOf(ErrorKind kind);

}  // namespace chronotrail
