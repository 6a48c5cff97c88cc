#include <iostream>

#include "cli/commands.h"
#include "cli/runtime.h"

namespace chronotrail::cli {
namespace {

constexpr const char* kUsage =
    R"(Usage: chronotrail token create --email EMAIL [--tier free|premium|pro] [--admin]

Creates the local user EMAIL if it does not exist (an explicit --tier also changes an existing
user's tier) and prints a bearer token for it on stdout, signed by this data directory's key.
The token is valid for TOKEN_TTL_DAYS days. Use it as: Authorization: Bearer TOKEN
--admin adds the operator role (/api/v1/admin). Only with AUTH_MODE=local.
)";

}  // namespace

int Token(const Args& args, const Config& config) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] != "create") {
    std::cerr << "token: unknown subcommand '" << args[0] << "'\n\n" << kUsage;
    return 2;
  }
  if (config.auth_mode != "local") {
    std::cerr << "token create: AUTH_MODE=" << config.auth_mode
              << " accepts only tokens of the configured OpenID issuers, so a token made here "
                 "would be refused; sign in with the issuer instead\n";
    return 2;
  }
  std::string email;
  std::optional<Tier> tier;
  bool admin = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--email" || a == "--tier") && i + 1 < args.size()) {
      const std::string& value = args[++i];
      if (a == "--email") {
        email = value;
      } else if (!(tier = ParseTier(value))) {
        std::cerr << "token create: --tier must be free, premium or pro\n";
        return 2;
      }
    } else if (a == "--admin") {
      admin = true;
    } else if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else {
      std::cerr << "token create: unexpected argument '" << a << "'\n\n" << kUsage;
      return 2;
    }
  }
  if (email.empty()) {
    std::cerr << "token create: --email is required\n\n" << kUsage;
    return 2;
  }
  Runtime rt(config);
  User user;
  try {
    user = rt.accounts.EnsureLocalUser(email, tier);
  } catch (const ApiError& e) {
    std::cerr << "token create: --email must be an email address\n";
    return 2;
  }
  long ttl = static_cast<long>(config.token_ttl_days) * 86400;
  std::cout << rt.issuer->Mint(user.id, user.email, SystemClock::Instance().Now(), ttl, admin)
            << "\n";
  std::cerr << "token for " << user.email << " (" << TierName(user.tier)
            << (admin ? ", operator" : "") << ", user " << user.id << "), valid "
            << config.token_ttl_days << " days\n";
  return 0;
}

}  // namespace chronotrail::cli
