#include "http/usage_headers.h"

#include <algorithm>
#include <string>

namespace chronotrail::http {

void AddUsageHeaders(Response& response, std::int64_t limit, std::int64_t used, Micros resets_at) {
  bool unlimited = limit < 0;
  response.headers.emplace_back("X-Usage-Limit", unlimited ? "unlimited" : std::to_string(limit));
  response.headers.emplace_back(
      "X-Usage-Remaining",
      unlimited ? "unlimited" : std::to_string(std::max<std::int64_t>(0, limit - used)));
  response.headers.emplace_back("X-Usage-Reset", FormatIsoTime(resets_at));
}

}  // namespace chronotrail::http
