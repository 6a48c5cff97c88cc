#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "support/http_client.h"

namespace chronotrail::testing {

// Bodies that pass every rule of API.md and are about a moment a minute ago, so that the records
// they create lie inside every tier's history window and show up in lists.
boost::json::object RecentNote();
boost::json::object RecentVisit();

// "2026-11-26": a calendar date as the usage report writes it.
std::string DateText(std::chrono::sys_days day);

// The calendar date right now at a fixed offset from UTC.
std::chrono::sys_days LocalDate(std::chrono::minutes utc_offset = std::chrono::minutes(0));

// Daily counts reset at the user's local midnight. A test that spends several requests on one
// day's quota calls this first: when that midnight (at `utc_offset`) is only seconds away, it
// sleeps past it instead of letting the reset fall into the middle of the test.
void StayClearOfMidnight(std::chrono::minutes utc_offset = std::chrono::minutes(0));

// The headers of a counted request (API.md "Tiers, daily usage and history"): X-Usage-Limit and
// X-Usage-Remaining as given ("unlimited" for an unlimited tier), and X-Usage-Reset an ISO-8601
// UTC time in the future, at most a day (and an hour, for a day that is 25 hours long) away.
::testing::AssertionResult HasUsageHeaders(const HttpResponse& response, std::string_view limit,
                                           std::string_view remaining);

// A refusal for being over the daily limit: 429 USAGE_LIMIT_EXCEEDED with details
// {limit, used: limit, tier, resets_at}, a Retry-After of the seconds until resets_at, and the
// usage headers with nothing remaining.
::testing::AssertionResult IsUsageLimitExceeded(const HttpResponse& response, int limit,
                                                std::string_view tier);

}  // namespace chronotrail::testing
