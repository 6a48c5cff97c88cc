#include "api/usage_headers.h"

#include <algorithm>

namespace chronotrail::api {

http::Response WithUsage(http::Response response, const UsageStatus& status) {
  bool unlimited = status.limit < 0;
  response.headers.emplace_back("X-Usage-Limit",
                                unlimited ? "unlimited" : std::to_string(status.limit));
  response.headers.emplace_back(
      "X-Usage-Remaining",
      unlimited ? "unlimited"
                : std::to_string(std::max<std::int64_t>(0, status.limit - status.used)));
  response.headers.emplace_back("X-Usage-Reset", FormatIsoTime(status.resets_at));
  return response;
}

}  // namespace chronotrail::api
