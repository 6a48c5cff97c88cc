// /api/v1/usage and /api/v1/subscription: what the caller's tier allows and what today used.
#include <boost/json.hpp>

#include "api/routes.h"
#include "api/usage_headers.h"

namespace chronotrail::api {
namespace {

// -1 stays -1 in the original service's fields; the new fields say null for "unlimited".
boost::json::value LimitOrNull(std::int64_t limit) {
  return limit < 0 ? boost::json::value(nullptr) : boost::json::value(limit);
}

boost::json::object Counter(std::int64_t used, std::int64_t limit) {
  return {{"used", used},
          {"limit", LimitOrNull(limit)},
          {"remaining", limit < 0 ? boost::json::value(nullptr)
                                  : boost::json::value(std::max<std::int64_t>(0, limit - used))}};
}

Response UsageBody(const UsageService& usage, const User& user) {
  UsageService::Report r = usage.TodayReport(user);
  return Response::Json(200, {{"date", r.day.date},
                              {"timezone", r.day.timezone},
                              {"tier", TierName(r.tier)},
                              {"resets_at", FormatIsoTime(r.day.resets_at)},
                              {"content", Counter(r.used.content, r.content_limit)},
                              {"queries", Counter(r.used.queries, r.query_limit)},
                              {"visits", Counter(r.used.visits, r.visit_limit)},
                              {"text_notes_count", r.used.content},
                              {"media_files_count", 0},
                              {"queries_count", r.used.queries},
                              {"daily_limits",
                               {{"content_limit", r.content_limit},
                                {"query_limit", r.query_limit},
                                {"total_content_used", r.used.content}}}});
}

Response SubscriptionBody(const UsageService& usage, const User& user) {
  Tier tier = usage.EffectiveTier(user);
  const TierLimits& limits = usage.limits().For(tier);
  return Response::Json(
      200, {{"tier", TierName(tier)},
            {"subscribed_tier", TierName(user.tier)},
            {"expires_at", user.subscription_expires_at
                               ? boost::json::value(FormatIsoTime(*user.subscription_expires_at))
                               : boost::json::value(nullptr)},
            {"active", tier == user.tier},
            {"daily_limits",
             {{"content_limit", limits.content_per_day}, {"query_limit", limits.queries_per_day}}},
            {"query_history_months", limits.history_months},
            {"max_file_size_mb", limits.max_file_mb},
            {"max_storage_mb", limits.storage_mb},
            {"storage_used_bytes", usage.StorageUsed(user)}});
}

}  // namespace

void AddUsageRoutes(http::Router& router, const Services& s) {
  const UsageService& usage = s.usage;
  router.Add(verb::get, "/api/v1/usage", Access::kAuthenticated,
             [&usage](Request& req) { return UsageBody(usage, req.user()); });
  auto subscription = [&usage](Request& req) { return SubscriptionBody(usage, req.user()); };
  router.Add(verb::get, "/api/v1/subscription", Access::kAuthenticated, subscription);
  // The original service's path, kept for its clients.
  router.Add(verb::get, "/api/v1/usage/subscription", Access::kAuthenticated, subscription);
}

}  // namespace chronotrail::api
