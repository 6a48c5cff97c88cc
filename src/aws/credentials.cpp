#include "aws/credentials.h"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/error.h"
#include "core/log.h"
#include "net/http_fetch.h"

extern char** environ;

namespace chronotrail::aws {
namespace {

// The ECS agent's link-local address for AWS_CONTAINER_CREDENTIALS_RELATIVE_URI.
constexpr const char* kEcsAgentOrigin = "http://169.254.170.2";

std::string Lookup(const Environment& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() ? std::string() : it->second;
}

// The SDKs refuse to send a role's keys request in clear text anywhere but to this host or the
// container agents, since the answer is a set of live keys.
bool IsAllowedPlainHttpHost(std::string_view host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "[::1]" ||
         host == "169.254.170.2" || host == "169.254.170.23" || host == "[fd00:ec2::23]";
}

void CheckFullUri(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    throw ApiError(ErrorKind::kUnavailable,
                   "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL");
  }
  const std::string scheme(parsed->scheme());
  const std::string host(parsed->encoded_host());
  if (scheme == "https") return;
  if (scheme == "http" && IsAllowedPlainHttpHost(host)) return;
  throw ApiError(ErrorKind::kUnavailable,
                 "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback or "
                 "container agent address");
}

std::string ReadTokenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw ApiError(ErrorKind::kUnavailable,
                   "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE could not be read");
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string token = text.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

std::string RequiredString(const boost::json::object& body, const char* field) {
  const boost::json::value* v = body.if_contains(field);
  if (!v || !v->is_string() || v->get_string().empty()) {
    throw ApiError(ErrorKind::kUnavailable,
                   std::string("container credentials endpoint sent no ") + field);
  }
  return std::string(v->get_string());
}

// Fails with a message that never quotes the body: it holds secrets.
[[noreturn]] void ThrowUnavailable(const std::string& why) {
  throw ApiError(ErrorKind::kUnavailable, "AWS credentials: " + why);
}

// Refuses every call: no credentials were configured. The server may still run with local media,
// so the error waits for the first AWS call instead of stopping start-up.
class MissingCredentialProvider : public CredentialProvider {
 public:
  Credentials Get() override {
    ThrowUnavailable(
        "none configured; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run in ECS with a "
        "task role");
  }
};

}  // namespace

Environment ProcessEnvironment() {
  Environment env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  return env;
}

ContainerCredentialProvider::ContainerCredentialProvider(std::string url, std::string authorization,
                                                         std::string authorization_file,
                                                         const Clock& clock,
                                                         Micros refresh_before_expiry)
    : url_(std::move(url)),
      authorization_(std::move(authorization)),
      authorization_file_(std::move(authorization_file)),
      clock_(clock),
      refresh_before_expiry_(refresh_before_expiry) {}

ContainerCredentialProvider::Fetched ContainerCredentialProvider::Fetch() const {
  net::HttpRequest request;
  request.url = url_;
  request.timeout_ms = 5000;
  request.connect_timeout_ms = 2000;
  std::string token =
      authorization_file_.empty() ? authorization_ : ReadTokenFile(authorization_file_);
  if (token.find_first_of("\r\n") != std::string::npos) {
    ThrowUnavailable("the container authorization token holds a line break");
  }
  if (!token.empty()) request.headers.emplace_back("Authorization", token);

  net::HttpResponse response;
  try {
    response = net::HttpFetch(request);
  } catch (const ApiError& e) {
    ThrowUnavailable(std::string("container credentials endpoint unreachable (") + e.what() + ")");
  }
  if (response.status != 200) {
    ThrowUnavailable("container credentials endpoint answered HTTP " +
                     std::to_string(response.status));
  }
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(response.body, ec);
  if (ec || !body.is_object())
    ThrowUnavailable("container credentials endpoint sent no JSON object");
  const boost::json::object& fields = body.get_object();

  Fetched fetched;
  fetched.credentials.access_key_id = RequiredString(fields, "AccessKeyId");
  fetched.credentials.secret_access_key = RequiredString(fields, "SecretAccessKey");
  if (const auto* t = fields.if_contains("Token"); t && t->is_string()) {
    fetched.credentials.session_token = std::string(t->get_string());
  }
  fetched.expiration = std::numeric_limits<Micros>::max();
  if (const auto* e = fields.if_contains("Expiration"); e && !e->is_null()) {
    std::optional<Micros> at = e->is_string() ? ParseIsoTime(e->get_string()) : std::nullopt;
    if (!at) ThrowUnavailable("container credentials endpoint sent an unreadable Expiration");
    fetched.expiration = *at;
  }
  return fetched;
}

Credentials ContainerCredentialProvider::Get() {
  std::lock_guard lock(mu_);
  const Micros now = clock_.Now();
  if (cached_ && now < cached_->expiration - refresh_before_expiry_) return cached_->credentials;
  try {
    cached_ = Fetch();
  } catch (const ApiError& e) {
    // Keys that have not expired yet still sign correctly: ride out a brief agent outage.
    if (cached_ && now < cached_->expiration) {
      Log(LogLevel::kWarn, "aws_credentials_refresh_failed", {{"reason", e.what()}});
      return cached_->credentials;
    }
    throw;
  }
  return cached_->credentials;
}

std::optional<Micros> ContainerCredentialProvider::cached_expiration() const {
  std::lock_guard lock(mu_);
  if (!cached_) return std::nullopt;
  return cached_->expiration;
}

std::unique_ptr<CredentialProvider> CredentialsFromEnvironment(const Environment& env,
                                                               const Clock& clock) {
  const std::string key_id = Lookup(env, "AWS_ACCESS_KEY_ID");
  const std::string secret = Lookup(env, "AWS_SECRET_ACCESS_KEY");
  if (!key_id.empty() || !secret.empty()) {
    if (key_id.empty() || secret.empty()) {
      ThrowUnavailable("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
    }
    return std::make_unique<StaticCredentialProvider>(
        Credentials{key_id, secret, Lookup(env, "AWS_SESSION_TOKEN")});
  }
  const std::string relative = Lookup(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const std::string full = Lookup(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!relative.empty()) {
    // The agent's address is fixed; the relative URI carries the task's identity.
    return std::make_unique<ContainerCredentialProvider>(std::string(kEcsAgentOrigin) + relative,
                                                         std::string(), std::string(), clock);
  }
  if (!full.empty()) {
    CheckFullUri(full);
    return std::make_unique<ContainerCredentialProvider>(
        full, Lookup(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        Lookup(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"), clock);
  }
  return std::make_unique<MissingCredentialProvider>();
}

}  // namespace chronotrail::aws
