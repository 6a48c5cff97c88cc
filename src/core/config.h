// Server configuration: one table of settings (name, default, meaning, parser) drives loading
// from the environment and an --env-file, the `chronotrail settings` listing and the README.
// An unknown CHRONOTRAIL_* variable, an unknown key in an env file, or an invalid value is an error
// that names the setting.
#pragma once

#include <cstddef>
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
  std::string auth_mode = "local";
  LogLevel log_level = LogLevel::kInfo;
  int http_threads = 0;                   // 0: one per CPU core
  std::vector<std::string> cors_origins;  // "*" allows any origin
  size_t max_body_bytes = 1 << 20;
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

  // The SQLite file this configuration uses (data_dir/chronotrail.db unless DATABASE_URL says
  // sqlite:PATH).
  std::string SqlitePath() const;
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
