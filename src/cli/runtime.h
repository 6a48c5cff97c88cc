// Runtime: the objects a command needs, built from the configuration in dependency order
// (store, media blobs → token verifier → services). Shared by `serve` and the operator commands.
// AUTH_MODE=local verifies with this data directory's own issuer; AUTH_MODE=oidc with the keys of
// the configured OpenID issuers (fetched at first need, so building a Runtime needs no network).
#pragma once

#include <memory>

#include "ai/chat_model.h"
#include "ai/embedder.h"
#include "core/config.h"
#include "nlp/gazetteer.h"
#include "services/accounts.h"
#include "services/auth/cached_verifier.h"
#include "services/auth/local_issuer.h"
#include "services/auth/oidc_verifier.h"
#include "services/media.h"
#include "services/query.h"
#include "services/search.h"
#include "services/status.h"
#include "services/timeline.h"
#include "services/usage.h"
#include "services/user_data.h"
#include "storage/blob/blob_store.h"
#include "storage/record_store.h"

namespace chronotrail::cli {

struct Runtime {
  // Opens the store and applies pending migrations (the embedded default migrates itself).
  explicit Runtime(const Config& config);

  const Config& config;
  std::unique_ptr<RecordStore> store;
  int migrations_applied = 0;
  std::unique_ptr<BlobStore> blobs;     // media bytes: S3 or DATA_DIR/media
  std::unique_ptr<LocalIssuer> issuer;  // AUTH_MODE=local; null with oidc
  std::unique_ptr<OidcVerifier> oidc;   // AUTH_MODE=oidc; null with local
  CachedVerifier verifier;              // over whichever of the two is set
  UsageService usage;
  AccountService accounts;
  TimelineService timeline;
  // Offline models: null when their files are missing (logged at start; search then works by
  // words only, descriptions name no places).
  std::unique_ptr<nlp::Gazetteer> gazetteer;
  std::unique_ptr<ai::Embedder> embedder;
  std::unique_ptr<ai::ChatModel> answer_writer;  // null: extractive answers (the default)
  SearchService search;
  QueryService query;
  std::unique_ptr<MediaAnalyzer> analyzer;
  MediaJobs media_jobs;  // workers are started by `serve` (Start), stopped on destruction
  MediaService media;
  StatusService status;
  UserDataService user_data;
};

}  // namespace chronotrail::cli
