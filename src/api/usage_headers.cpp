#include "api/usage_headers.h"

#include "http/usage_headers.h"

namespace chronotrail::api {

http::Response WithUsage(http::Response response, const UsageStatus& status) {
  http::AddUsageHeaders(response, status.limit, status.used, status.resets_at);
  return response;
}

}  // namespace chronotrail::api
