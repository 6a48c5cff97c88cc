#include "services/usage.h"

#include <date/date.h>
#include <date/tz.h>

#include <boost/json.hpp>
#include <chrono>

namespace chronotrail {
namespace {

using Microseconds = std::chrono::microseconds;

const date::time_zone* ZoneOf(const User& user) {
  if (user.timezone) {
    try {
      return date::locate_zone(*user.timezone);
    } catch (const std::exception&) {
      // A zone that was valid when saved but is unknown to this machine: fall back to UTC.
    }
  }
  return date::locate_zone("UTC");
}

// The UTC instant of local midnight starting `day` in `zone`. Where midnight does not exist (a
// DST jump at 00:00), the day starts at the first instant that does.
Micros LocalMidnight(const date::time_zone* zone, date::local_days day) {
  date::local_info info = zone->get_info(day);
  date::sys_seconds at = info.result == date::local_info::nonexistent
                             ? info.second.begin
                             : zone->to_sys(day, date::choose::earliest);
  return std::chrono::duration_cast<Microseconds>(at.time_since_epoch()).count();
}

std::int64_t LimitOf(const TierLimits& tier, const UsageLimits& all, UsageKind kind) {
  switch (kind) {
    case UsageKind::kContent:
      return tier.content_per_day;
    case UsageKind::kQuery:
      return tier.queries_per_day;
    case UsageKind::kVisit:
      return all.visits_per_day;
  }
  return kUnlimited;
}

}  // namespace

Tier UsageService::EffectiveTier(const User& user) const {
  if (user.tier != Tier::kFree && user.subscription_expires_at &&
      *user.subscription_expires_at <= clock_.Now()) {
    return Tier::kFree;
  }
  return user.tier;
}

UsageDay UsageService::Today(const User& user) const {
  const date::time_zone* zone = ZoneOf(user);
  date::sys_time<Microseconds> now{Microseconds{clock_.Now()}};
  date::local_days today = date::floor<date::days>(zone->to_local(now));
  UsageDay day;
  day.date = date::format("%F", today);
  day.timezone = std::string(zone->name());
  day.starts_at = LocalMidnight(zone, today);
  day.resets_at = LocalMidnight(zone, today + date::days{1});
  return day;
}

UsageCharge UsageService::ChargeFor(const User& user, UsageKind kind, const UsageDay& day) const {
  return UsageCharge{day.date, kind, LimitOf(LimitsFor(user), limits_, kind)};
}

UsageStatus UsageService::Settle(const User& user, const UsageCharge& charge,
                                 const ChargeResult& result, const UsageDay& day) const {
  UsageStatus status{charge.limit, result.used, day.resets_at};
  if (result.accepted) return status;
  Micros wait = day.resets_at - clock_.Now();
  ApiError error(ErrorKind::kUsageLimit,
                 charge.kind == UsageKind::kVisit
                     ? "Daily limit of location visits reached"
                     : "Daily limit reached for your subscription tier",
                 boost::json::object{{"limit", charge.limit},
                                     {"used", result.used},
                                     {"tier", TierName(EffectiveTier(user))},
                                     {"resets_at", FormatIsoTime(day.resets_at)}});
  error.set_retry_after((wait + kMicrosPerSecond - 1) / kMicrosPerSecond);
  throw error;
}

std::optional<Micros> UsageService::EarliestAllowed(const User& user) const {
  std::int64_t months = LimitsFor(user).history_months;
  if (months < 0) return std::nullopt;
  const date::time_zone* zone = ZoneOf(user);
  date::sys_time<Microseconds> now{Microseconds{clock_.Now()}};
  date::year_month_day today{date::floor<date::days>(zone->to_local(now))};
  date::year_month_day back = today - date::months{months};
  if (!back.ok()) back = back.year() / back.month() / date::last;  // 31 May − 3 months → 28/29 Feb
  return LocalMidnight(zone, date::local_days{back});
}

UsageService::Report UsageService::TodayReport(const User& user) const {
  Report r;
  r.day = Today(user);
  r.tier = EffectiveTier(user);
  r.used = store_.GetUsage(user.id, r.day.date);
  const TierLimits& tier = limits_.For(r.tier);
  r.content_limit = tier.content_per_day;
  r.query_limit = tier.queries_per_day;
  r.visit_limit = limits_.visits_per_day;
  return r;
}

TimeRange UsageService::WithinHistory(const User& user, const TimeRange& range) const {
  std::optional<Micros> earliest = EarliestAllowed(user);
  if (!earliest) return range;
  if (range.to && *range.to < *earliest) {
    throw ApiError(ErrorKind::kForbidden,
                   "The requested dates lie before the history your subscription tier reaches",
                   boost::json::object{{"earliest_allowed_date", FormatIsoTime(*earliest)},
                                       {"tier", TierName(EffectiveTier(user))}});
  }
  return TimeRange{range.from ? std::max(*range.from, *earliest) : *earliest, range.to};
}

}  // namespace chronotrail
