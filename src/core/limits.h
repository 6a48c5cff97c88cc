// The limits of each subscription tier, and the anti-abuse cap on location visits. They are
// settings (LIMIT_<TIER>_<WHAT>, see core/config.cpp); -1 means unlimited.
#pragma once

#include <cstdint>

#include "core/model.h"

namespace chronotrail {

constexpr std::int64_t kUnlimited = -1;

struct TierLimits {
  std::int64_t content_per_day;  // notes, photos and voice notes created per day
  std::int64_t queries_per_day;
  std::int64_t history_months;  // how far back lists and queries may reach
  std::int64_t max_file_mb;
  std::int64_t storage_mb;
};

struct UsageLimits {
  TierLimits free{3, 10, 3, 5, 100};
  TierLimits premium{10, 50, 24, 25, 1024};
  TierLimits pro{kUnlimited, kUnlimited, kUnlimited, 100, 10240};
  std::int64_t visits_per_day = 2000;  // every tier: visits arrive automatically from the app

  const TierLimits& For(Tier tier) const {
    return tier == Tier::kPro ? pro : tier == Tier::kPremium ? premium : free;
  }
  TierLimits& For(Tier tier) {
    return tier == Tier::kPro ? pro : tier == Tier::kPremium ? premium : free;
  }
};

}  // namespace chronotrail
