#include "core/error.h"

#include <boost/json.hpp>

namespace chronotrail {

ApiError ApiError::Validation(const std::vector<FieldError>& errors) {
  boost::json::array list;
  for (const FieldError& e : errors) list.push_back({{"field", e.field}, {"message", e.message}});
  return ApiError(ErrorKind::kValidation, "Request validation failed",
                  boost::json::object{{"errors", std::move(list)}});
}

ApiError ApiError::NotFound(std::string what) {
  return ApiError(ErrorKind::kNotFound, std::move(what) + " not found");
}

ApiError ApiError::Unauthenticated(std::string why) {
  return ApiError(ErrorKind::kUnauthenticated, std::move(why));
}

ApiError ApiError::Unavailable(std::string what) {
  return ApiError(ErrorKind::kUnavailable, std::move(what) + " is unavailable");
}

int StatusOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kValidation:
    case ErrorKind::kInvalidJson:
    case ErrorKind::kBadRequest:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kMethodNotAllowed:
      return 405;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kPayloadTooLarge:
      return 413;
    case ErrorKind::kUnsupportedMediaType:
      return 415;
    case ErrorKind::kHeadersTooLarge:
      return 431;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

const char* CodeOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kValidation:
      return "VALIDATION_ERROR";
    case ErrorKind::kInvalidJson:
      return "INVALID_JSON";
    case ErrorKind::kBadRequest:
      return "BAD_REQUEST";
    case ErrorKind::kUnauthenticated:
      return "AUTHENTICATION_ERROR";
    case ErrorKind::kForbidden:
      return "FORBIDDEN";
    case ErrorKind::kNotFound:
      return "NOT_FOUND";
    case ErrorKind::kMethodNotAllowed:
      return "METHOD_NOT_ALLOWED";
    case ErrorKind::kConflict:
      return "CONFLICT";
    case ErrorKind::kPayloadTooLarge:
      return "PAYLOAD_TOO_LARGE";
    case ErrorKind::kUnsupportedMediaType:
      return "UNSUPPORTED_MEDIA_TYPE";
    case ErrorKind::kHeadersTooLarge:
      return "HEADERS_TOO_LARGE";
    case ErrorKind::kUnavailable:
      return "SERVICE_UNAVAILABLE";
    case ErrorKind::kInternal:
      return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

}  // namespace chronotrail
