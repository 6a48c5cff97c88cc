// The X-Usage-* headers of a counted request (docs/API.md, "Tiers, daily usage"), written the
// same way on a success and on the 429 that refuses it.
#pragma once

#include <cstdint>

#include "core/time.h"
#include "http/message.h"

namespace chronotrail::http {

// X-Usage-Limit, X-Usage-Remaining ("unlimited" for a negative limit) and X-Usage-Reset.
void AddUsageHeaders(Response& response, std::int64_t limit, std::int64_t used, Micros resets_at);

}  // namespace chronotrail::http
