#include "support/usage_limits.h"

#include <boost/json.hpp>
#include <cstdio>
#include <optional>
#include <thread>

#include "support/api_assertions.h"
#include "support/iso_time.h"
#include "support/json_access.h"
#include "support/payloads.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

// The latest reset a counted request may announce: the next local midnight is at most a day
// away, and a day with a clock change can last 25 hours.
constexpr auto kLongestDay = 25h;

std::string AMinuteAgo() {
  return IsoUtc(std::chrono::system_clock::now() - 1min);
}

// The reset time in `text`, which must be ISO UTC and in the future but not beyond a day.
::testing::AssertionResult IsUpcomingReset(std::string_view what, const std::string& text,
                                           std::optional<Microseconds>& reset) {
  reset = ParseIsoUtc(text);
  if (!reset) {
    return ::testing::AssertionFailure() << what << " \"" << text << "\" is not an ISO UTC time";
  }
  auto now = std::chrono::system_clock::now();
  if (*reset <= now || *reset > now + kLongestDay) {
    return ::testing::AssertionFailure()
           << what << " " << text << " is not within a day after now (" << IsoUtc(now) << ")";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace

boost::json::object RecentNote() {
  boost::json::object note = ValidNote();
  note["timestamp"] = AMinuteAgo();
  return note;
}

boost::json::object RecentVisit() {
  boost::json::object visit = ValidVisit();
  visit["visit_time"] = AMinuteAgo();
  return visit;
}

std::string DateText(std::chrono::sys_days day) {
  std::chrono::year_month_day date(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::chrono::sys_days LocalDate(std::chrono::minutes utc_offset) {
  return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + utc_offset);
}

void StayClearOfMidnight(std::chrono::minutes utc_offset) {
  auto local_now = std::chrono::system_clock::now() + utc_offset;
  auto next_midnight = std::chrono::ceil<std::chrono::days>(local_now);
  if (next_midnight - local_now < 30s) std::this_thread::sleep_for(next_midnight - local_now + 1s);
}

::testing::AssertionResult HasUsageHeaders(const HttpResponse& response, std::string_view limit,
                                           std::string_view remaining) {
  if (response.header("X-Usage-Limit") != limit ||
      response.header("X-Usage-Remaining") != remaining) {
    return ::testing::AssertionFailure()
           << "X-Usage-Limit \"" << response.header("X-Usage-Limit") << "\", X-Usage-Remaining \""
           << response.header("X-Usage-Remaining") << "\" instead of \"" << limit << "\", \""
           << remaining << "\" in " << Describe(response);
  }
  std::optional<Microseconds> reset;
  ::testing::AssertionResult upcoming =
      IsUpcomingReset("X-Usage-Reset", response.header("X-Usage-Reset"), reset);
  if (!upcoming) return upcoming << " in " << Describe(response);
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult IsUsageLimitExceeded(const HttpResponse& response, int limit,
                                                std::string_view tier) {
  ::testing::AssertionResult error = IsError(response, 429, "USAGE_LIMIT_EXCEEDED");
  if (!error) return error;
  boost::json::value body = response.json();
  const boost::json::value& details = At(body, "details");
  if (!details.is_object() || At(details, "limit") != boost::json::value(limit) ||
      At(details, "used") != boost::json::value(limit) ||
      At(details, "tier") != boost::json::value(tier)) {
    return ::testing::AssertionFailure()
           << "details are not {limit: " << limit << ", used: " << limit << ", tier: \"" << tier
           << "\", resets_at} in " << Describe(response);
  }
  std::optional<Microseconds> resets_at;
  if (!At(details, "resets_at").is_string()) {
    return ::testing::AssertionFailure()
           << "details.resets_at is not a string in " << Describe(response);
  }
  ::testing::AssertionResult upcoming =
      IsUpcomingReset("details.resets_at", StringAt(details, "resets_at"), resets_at);
  if (!upcoming) return upcoming << " in " << Describe(response);

  ::testing::AssertionResult headers = HasUsageHeaders(response, std::to_string(limit), "0");
  if (!headers) return headers;
  if (ParseIsoUtc(response.header("X-Usage-Reset")) != resets_at) {
    return ::testing::AssertionFailure() << "X-Usage-Reset " << response.header("X-Usage-Reset")
                                         << " is not details.resets_at in " << Describe(response);
  }

  std::string retry_after = response.header("Retry-After");
  if (retry_after.empty() || retry_after.size() > 6 ||
      retry_after.find_first_not_of("0123456789") != std::string::npos) {
    return ::testing::AssertionFailure()
           << "Retry-After \"" << retry_after << "\" is not a number of seconds in "
           << Describe(response);
  }
  auto seconds = std::chrono::seconds(std::stoi(retry_after));
  auto until_reset = std::chrono::duration_cast<std::chrono::seconds>(
      *resets_at - std::chrono::system_clock::now());
  if (seconds <= 0s || seconds > kLongestDay || seconds < until_reset - 5s ||
      seconds > until_reset + 5s) {
    return ::testing::AssertionFailure()
           << "Retry-After " << retry_after << " is not the " << until_reset.count()
           << " seconds until resets_at in " << Describe(response);
  }
  return ::testing::AssertionSuccess();
}

}  // namespace chronotrail::testing
