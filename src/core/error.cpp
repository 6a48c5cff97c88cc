#include "core/error.h"

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <iterator>

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

ApiError ApiError::DiskFailure(const std::string& what, int error_number) {
  if (error_number == ENOSPC || error_number == EDQUOT) {
    return ApiError(ErrorKind::kInsufficientStorage, "The server's disk is full (" + what + ")");
  }
  return ApiError(ErrorKind::kUnavailable, what + " failed: " + std::strerror(error_number));
}

namespace {

struct KindInfo {
  int status;
  const char* code;
};

// Indexed by ErrorKind, in its declaration order.
constexpr KindInfo kKinds[] = {
    {400, "VALIDATION_ERROR"},    {400, "INVALID_JSON"},
    {400, "BAD_REQUEST"},         {401, "AUTHENTICATION_ERROR"},
    {403, "FORBIDDEN"},           {404, "NOT_FOUND"},
    {405, "METHOD_NOT_ALLOWED"},  {409, "CONFLICT"},
    {413, "PAYLOAD_TOO_LARGE"},   {415, "UNSUPPORTED_MEDIA_TYPE"},
    {431, "HEADERS_TOO_LARGE"},   {429, "USAGE_LIMIT_EXCEEDED"},
    {429, "RATE_LIMITED"},        {416, "RANGE_NOT_SATISFIABLE"},
    {422, "UNPROCESSABLE_FILE"},  {507, "INSUFFICIENT_STORAGE"},
    {503, "SERVICE_UNAVAILABLE"}, {500, "INTERNAL_ERROR"},
};
static_assert(std::size(kKinds) == static_cast<size_t>(ErrorKind::kInternal) + 1);

}  // namespace

int StatusOf(ErrorKind kind) {
  return kKinds[static_cast<size_t>(kind)].status;
}

const char* CodeOf(ErrorKind kind) {
  return kKinds[static_cast<size_t>(kind)].code;
}

}  // namespace chronotrail
