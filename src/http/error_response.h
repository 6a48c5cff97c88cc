// The single place where errors become HTTP responses, in the body every client can rely on:
// {"error": CODE, "message": text, "details": object|null, "timestamp": ISO-8601 UTC}.
#pragma once

#include "core/error.h"
#include "http/message.h"

namespace chronotrail::http {

Response ErrorResponse(const ApiError& error);

// An error response built from its parts, for conditions found by the HTTP layer itself.
Response ErrorResponse(ErrorKind kind, std::string message, boost::json::value details = nullptr);

}  // namespace chronotrail::http
