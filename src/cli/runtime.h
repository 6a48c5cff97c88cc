// Runtime: the objects a command needs, built from the configuration in dependency order
// (store → token issuer → services). Shared by `serve` and the operator commands.
#pragma once

#include <memory>

#include "core/config.h"
#include "services/accounts.h"
#include "services/auth/cached_verifier.h"
#include "services/auth/local_issuer.h"
#include "services/status.h"
#include "services/timeline.h"
#include "services/usage.h"
#include "services/user_data.h"
#include "storage/record_store.h"

namespace chronotrail::cli {

struct Runtime {
  // Opens the store and applies pending migrations (the embedded default migrates itself).
  explicit Runtime(const Config& config);

  const Config& config;
  std::unique_ptr<RecordStore> store;
  int migrations_applied = 0;
  std::unique_ptr<LocalIssuer> issuer;
  CachedVerifier verifier;
  UsageService usage;
  AccountService accounts;
  TimelineService timeline;
  StatusService status;
  UserDataService user_data;
};

}  // namespace chronotrail::cli
