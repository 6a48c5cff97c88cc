// Runtime: the objects a command needs, built from the configuration in dependency order
// (store, media blobs → token issuer → services). Shared by `serve` and the operator commands.
#pragma once

#include <memory>

#include "core/config.h"
#include "services/accounts.h"
#include "services/auth/cached_verifier.h"
#include "services/auth/local_issuer.h"
#include "services/status.h"
#include "services/timeline.h"
#include "services/usage.h"
#include "storage/blob/blob_store.h"
#include "storage/record_store.h"

namespace chronotrail::cli {

struct Runtime {
  // Opens the store and applies pending migrations (the embedded default migrates itself).
  explicit Runtime(const Config& config);

  const Config& config;
  std::unique_ptr<RecordStore> store;
  int migrations_applied = 0;
  std::unique_ptr<BlobStore> blobs;  // media bytes: S3 or DATA_DIR/media
  std::unique_ptr<LocalIssuer> issuer;
  CachedVerifier verifier;
  UsageService usage;
  AccountService accounts;
  TimelineService timeline;
  StatusService status;
};

}  // namespace chronotrail::cli
