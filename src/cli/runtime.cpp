#include "cli/runtime.h"

#include "services/offline_media_analyzer.h"
#include "storage/open_blob_store.h"
#include "storage/open_store.h"

namespace chronotrail::cli {
namespace {

std::unique_ptr<OidcVerifier> MakeOidcVerifier(const Config& c) {
  if (c.auth_mode != "oidc") return nullptr;
  OidcOptions options;
  options.issuers = OidcIssuersFromConfig(c);
  options.admin_group = c.oidc_admin_group;
  return std::make_unique<OidcVerifier>(std::move(options));
}

}  // namespace

Runtime::Runtime(const Config& c)
    : config(c),
      store(OpenRecordStore(c)),
      migrations_applied(store->Migrate()),
      blobs(OpenBlobStore(c)),
      issuer(c.auth_mode == "local" ? LocalIssuer::Open(c.data_dir) : nullptr),
      oidc(MakeOidcVerifier(c)),
      verifier(issuer ? static_cast<const TokenVerifier&>(*issuer) : *oidc),
      usage(*store, c.limits, SystemClock::Instance()),
      accounts(*store, verifier, usage, SystemClock::Instance()),
      timeline(*store, usage, SystemClock::Instance()),
      analyzer(std::make_unique<OfflineMediaAnalyzer>()),
      media_jobs(*store, *blobs, *analyzer, c, SystemClock::Instance()),
      media(*store, *blobs, usage, *analyzer, media_jobs, c, SystemClock::Instance()),
      status(*store),
      user_data(*store) {}

}  // namespace chronotrail::cli
