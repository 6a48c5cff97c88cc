// UsageService: what a user's tier allows and how much of it today has used.
//
// - The tier in force is the subscribed tier until subscription_expires_at, then free.
// - "Today" is the user's calendar day in their profile time zone (UTC when none is set); the
//   counters reset at their local midnight.
// - The history window reaches back the tier's number of calendar months from the start of today.
// Charges themselves are made by the store in the same transaction as the write they count.
#pragma once

#include <optional>
#include <string>

#include "core/config.h"
#include "core/error.h"
#include "core/model.h"
#include "storage/record_store.h"

namespace chronotrail {

// The user's current day.
struct UsageDay {
  std::string date;  // YYYY-MM-DD, local
  std::string timezone;
  Micros starts_at = 0;  // local midnight, as a UTC instant
  Micros resets_at = 0;  // the next local midnight
};

// Where one counter stands after a counted request, for the X-Usage-* headers.
struct UsageStatus {
  std::int64_t limit = kUnlimited;
  std::int64_t used = 0;
  Micros resets_at = 0;
};

// A record together with the usage it was counted against.
template <class T>
struct Counted {
  T value;
  UsageStatus usage;
};

class UsageService {
 public:
  UsageService(RecordStore& store, const UsageLimits& limits, const Clock& clock)
      : store_(store), limits_(limits), clock_(clock) {}

  Tier EffectiveTier(const User& user) const;
  const TierLimits& LimitsFor(const User& user) const { return limits_.For(EffectiveTier(user)); }

  UsageDay Today(const User& user) const;

  // The charge for one more item of `kind` today, with the user's limit for it.
  UsageCharge ChargeFor(const User& user, UsageKind kind, const UsageDay& day) const;

  // Turns a store's answer into the status for the response, or throws the 429
  // (USAGE_LIMIT_EXCEEDED with limit, used, tier and resets_at) when the charge was refused.
  UsageStatus Settle(const User& user, const UsageCharge& charge, const ChargeResult& result,
                     const UsageDay& day) const;

  // The earliest instant lists and questions may reach, or nullopt when unlimited.
  std::optional<Micros> EarliestAllowed(const User& user) const;
  // `range` cut at the history window; FORBIDDEN (with earliest_allowed_date) when the whole
  // range lies before it.
  TimeRange WithinHistory(const User& user, const TimeRange& range) const;

  // GET /usage and GET /subscription bodies, as plain data.
  struct Report {
    UsageDay day;
    Tier tier;
    DailyUsage used;
    std::int64_t content_limit, query_limit, visit_limit;
  };
  Report TodayReport(const User& user) const;
  // The bytes of the user's stored media (for the storage quota).
  std::int64_t StorageUsed(const User& user) const { return store_.StorageUsed(user.id); }

  const UsageLimits& limits() const { return limits_; }
  const Clock& clock() const { return clock_; }

 private:
  RecordStore& store_;
  const UsageLimits& limits_;
  const Clock& clock_;
};

}  // namespace chronotrail
