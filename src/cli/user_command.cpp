#include <iostream>

#include "cli/commands.h"
#include "cli/runtime.h"

namespace chronotrail::cli {
namespace {

constexpr const char* kUsage = R"(Usage:
  chronotrail user list                      every user: email, tier in force, expiry, id
  chronotrail user show EMAIL                one user's profile, tier, limits and today's usage
  chronotrail user set-tier EMAIL TIER [--until DATE]
                                             TIER is free, premium or pro; DATE (YYYY-MM-DD or
                                             ISO-8601) ends the subscription, after which the
                                             user is treated as free. No --until: no expiry.

Exit codes: 0 done, 1 no such user, 2 bad usage.
)";

std::string Expiry(const User& u) {
  return u.subscription_expires_at ? FormatIsoTime(*u.subscription_expires_at) : "-";
}

std::string Limit(std::int64_t v) {
  return v < 0 ? "unlimited" : std::to_string(v);
}

void Show(const Runtime& rt, const User& u) {
  UsageService::Report r = rt.usage.TodayReport(u);
  const TierLimits& l = rt.usage.LimitsFor(u);
  std::cout << "id:              " << u.id << "\n"
            << "email:           " << u.email << "\n"
            << "display name:    " << u.display_name.value_or("-") << "\n"
            << "sign-in:         " << u.auth_issuer << "\n"
            << "tier:            " << TierName(r.tier) << " (subscribed: " << TierName(u.tier)
            << ", expires: " << Expiry(u) << ")\n"
            << "time zone:       " << r.day.timezone << "\n"
            << "created:         " << FormatIsoTime(u.created_at) << "\n"
            << "today (" << r.day.date << "): content " << r.used.content << "/"
            << Limit(r.content_limit) << ", queries " << r.used.queries << "/"
            << Limit(r.query_limit) << ", visits " << r.used.visits << "/" << Limit(r.visit_limit)
            << "\n"
            << "history:         " << Limit(l.history_months) << " months\n";
}

}  // namespace

int Users(const Args& args, const Config& config) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string& sub = args[0];
  if (sub == "list" && args.size() == 1) {
    Runtime rt(config);
    for (const User& u : rt.accounts.ListUsers()) {
      std::cout << u.email << "\t" << TierName(rt.usage.EffectiveTier(u)) << "\t" << Expiry(u)
                << "\t" << u.id << "\n";
    }
    return 0;
  }
  if (sub == "show" && args.size() == 2) {
    Runtime rt(config);
    std::vector<User> users = rt.accounts.FindByEmail(args[1]);
    if (users.empty()) {
      std::cerr << "user show: no user with email " << args[1] << "\n";
      return 1;
    }
    for (const User& u : users) Show(rt, u);
    return 0;
  }
  if (sub == "set-tier" && (args.size() == 3 || (args.size() == 5 && args[3] == "--until"))) {
    std::optional<Tier> tier = ParseTier(args[2]);
    if (!tier) {
      std::cerr << "user set-tier: TIER must be free, premium or pro\n";
      return 2;
    }
    std::optional<Micros> until;
    if (args.size() == 5 && !(until = ParseIsoTime(args[4]))) {
      std::cerr << "user set-tier: --until must be a date (YYYY-MM-DD) or an ISO-8601 time\n";
      return 2;
    }
    Runtime rt(config);
    std::vector<User> users = rt.accounts.SetTier(args[1], *tier, until);
    if (users.empty()) {
      std::cerr << "user set-tier: no user with email " << args[1] << "\n";
      return 1;
    }
    for (const User& u : users) {
      std::cout << u.email << ": tier " << TierName(u.tier) << ", expires " << Expiry(u) << "\n";
    }
    return 0;
  }
  std::cerr << "user: bad arguments\n\n" << kUsage;
  return 2;
}

}  // namespace chronotrail::cli
