// The X-Usage-* headers every counted response carries (docs/API.md, "Tiers, daily usage").
#pragma once

#include "http/message.h"
#include "services/usage.h"

namespace chronotrail::api {

// Adds X-Usage-Limit, X-Usage-Remaining and X-Usage-Reset for `status` to `response`.
http::Response WithUsage(http::Response response, const UsageStatus& status);

}  // namespace chronotrail::api
