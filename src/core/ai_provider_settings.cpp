// Settings of the optional remote AI providers: who words answers, and which models read photos
// and voice notes and make sentence vectors (EMBEDDER itself is in config.cpp). Every default is
// offline: the embedded default never calls out.
#include <stdexcept>

#include "core/config_table.h"

namespace chronotrail::config_table {
namespace {

std::string HttpUrl(const std::string& v) {
  if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) {
    throw std::invalid_argument("must be an http:// or https:// URL");
  }
  return v;
}

}  // namespace

void AddAiProviderSettings(std::vector<Setting>& table) {
  const std::vector<Setting> settings = {
      {{"ANSWER_WRITER", "extractive",
        "Who words answers: `extractive` (sentences built from the records, offline), `openai` "
        "(an OpenAI-compatible chat server) or `bedrock` (AWS Bedrock Converse), given only the "
        "sources found; a failure falls back to the extractive answer."},
       [](Config& c, const std::string& v) {
         c.answer_writer = OneOf(v, {"extractive", "openai", "bedrock"});
       }},
      {{"TRANSCRIBER", "pocketsphinx",
        "Speech to text for voice notes: `pocketsphinx` (offline), `openai` (an "
        "OpenAI-compatible /audio/transcriptions: OpenAI, whisper.cpp server, faster-whisper) or "
        "`aws-transcribe` (Amazon Transcribe; needs S3_BUCKET_NAME). A failing provider is "
        "retried by the queue; the last attempt uses PocketSphinx."},
       [](Config& c, const std::string& v) {
         c.providers.transcriber = OneOf(v, {"pocketsphinx", "openai", "aws-transcribe"});
       }},
      {{"PHOTO_DESCRIBER", "offline",
        "Photo descriptions: `offline` (faces, colours, place, time of day) or `openai` (an "
        "OpenAI-compatible vision chat model, whose paragraph leads the offline one)."},
       [](Config& c, const std::string& v) {
         c.providers.photo_describer = OneOf(v, {"offline", "openai"});
       }},
      {{"PHOTO_TEXT", "tesseract",
        "Text in photos: `tesseract` (offline), `aws-textract` (DetectDocumentText) or "
        "`aws-rekognition` (DetectText); a failing provider keeps Tesseract's text."},
       [](Config& c, const std::string& v) {
         c.providers.photo_text = OneOf(v, {"tesseract", "aws-textract", "aws-rekognition"});
       }},
      {{"PHOTO_LABELS", "none",
        "What photos show, as searchable labels: `none` or `aws-rekognition` (DetectLabels)."},
       [](Config& c, const std::string& v) {
         c.providers.photo_labels = OneOf(v, {"none", "aws-rekognition"});
       }},
      {{"OPENAI_BASE_URL", "https://api.openai.com/v1",
        "Base URL (with the version) of the OpenAI-compatible provider, e.g. "
        "http://127.0.0.1:8080/v1 for a local server."},
       [](Config& c, const std::string& v) { c.providers.openai_base_url = HttpUrl(v); }},
      {{"OPENAI_API_KEY", "(none)",
        "Bearer key for the OpenAI-compatible provider (none for local servers); never logged."},
       [](Config& c, const std::string& v) { c.providers.openai_api_key = v; }},
      {{"OPENAI_CHAT_MODEL", "gpt-4o-mini", "Model of ANSWER_WRITER=openai."},
       [](Config& c, const std::string& v) { c.providers.openai_chat_model = NonEmpty(v); }},
      {{"OPENAI_EMBEDDING_MODEL", "text-embedding-3-small", "Model of EMBEDDER=openai."},
       [](Config& c, const std::string& v) { c.providers.openai_embedding_model = NonEmpty(v); }},
      {{"OPENAI_EMBEDDING_DIMENSIONS", "1536",
        "Length of OPENAI_EMBEDDING_MODEL's vectors (answers of another length are refused)."},
       [](Config& c, const std::string& v) {
         c.providers.openai_embedding_dimensions = ParseInt(v, 1, 16384);
       }},
      {{"OPENAI_TRANSCRIBE_MODEL", "whisper-1",
        "Model of TRANSCRIBER=openai (`whisper-1`, or what the local server names its model)."},
       [](Config& c, const std::string& v) { c.providers.openai_transcribe_model = NonEmpty(v); }},
      {{"OPENAI_VISION_MODEL", "gpt-4o-mini",
        "Model of PHOTO_DESCRIBER=openai (any chat model that accepts images)."},
       [](Config& c, const std::string& v) { c.providers.openai_vision_model = NonEmpty(v); }},
      {{"TRANSCRIBE_LANGUAGE", "(detected)",
        "Language of voice notes for the providers: `en` or `en-US` (Amazon Transcribe needs the "
        "region part); empty lets the provider detect it."},
       [](Config& c, const std::string& v) { c.providers.transcribe_language = v; }},
      {{"TRANSCRIBE_POLL_SECONDS", "15",
        "Pause between two questions to Amazon Transcribe about a running job (the job queue "
        "asks; no worker waits)."},
       [](Config& c, const std::string& v) {
         c.providers.transcribe_poll_seconds = ParseInt(v, 1, 3600);
       }},
      {{"PROVIDER_TIMEOUT_SECONDS", "120", "Longest one call to a remote AI provider may take."},
       [](Config& c, const std::string& v) {
         c.providers.provider_timeout_seconds = ParseInt(v, 1, 600);
       }},
      {{"BEDROCK_CHAT_MODEL", "anthropic.claude-3-haiku-20240307-v1:0",
        "Model of ANSWER_WRITER=bedrock (any model the Converse API serves)."},
       [](Config& c, const std::string& v) { c.providers.bedrock_chat_model = NonEmpty(v); }},
      {{"BEDROCK_EMBEDDING_MODEL", "amazon.titan-embed-text-v2:0",
        "Model of EMBEDDER=bedrock (Titan text embeddings)."},
       [](Config& c, const std::string& v) { c.providers.bedrock_embedding_model = NonEmpty(v); }},
      {{"BEDROCK_EMBEDDING_DIMENSIONS", "1024", "Titan v2 vector length: 256, 512 or 1024."},
       [](Config& c, const std::string& v) {
         c.providers.bedrock_embedding_dimensions = ParseInt(v, 1, 16384);
       }},
      {{"BEDROCK_ENDPOINT_URL", "(bedrock-runtime.AWS_REGION.amazonaws.com)",
        "Another Bedrock runtime endpoint (a VPC endpoint, or a test server)."},
       [](Config& c, const std::string& v) {
         c.providers.bedrock_endpoint_url = v.empty() ? v : HttpUrl(v);
       }},
      {{"AWS_AI_ENDPOINT_URL", "(AWS)",
        "Endpoint to send Rekognition, Textract and Transcribe calls to instead of AWS's (a proxy "
        "or a test server)."},
       [](Config& c, const std::string& v) {
         c.providers.aws_ai_endpoint_url = v.empty() ? v : HttpUrl(v);
       }},
  };
  table.insert(table.end(), settings.begin(), settings.end());
}

void CheckAiProviderSettings(const Config& c) {
  const Config::AiProviders& p = c.providers;
  if (p.transcriber != "aws-transcribe") return;
  if (c.s3_bucket_name.empty()) {
    throw ConfigError(
        "TRANSCRIBER=aws-transcribe needs S3_BUCKET_NAME: Amazon Transcribe reads voice notes "
        "from S3");
  }
  if (!c.s3_endpoint_url.empty() && p.aws_ai_endpoint_url.empty()) {
    throw ConfigError(
        "TRANSCRIBER=aws-transcribe reads from Amazon S3, not the store at S3_ENDPOINT_URL");
  }
  if (!p.transcribe_language.empty() && p.transcribe_language.find('-') == std::string::npos) {
    throw ConfigError("TRANSCRIBE_LANGUAGE for aws-transcribe must name a region, e.g. en-US");
  }
}

}  // namespace chronotrail::config_table
