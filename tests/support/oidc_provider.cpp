#include "support/oidc_provider.h"

#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "support/http_client.h"

namespace chronotrail::testing {
namespace {

// `name` found on PATH, as a shell would find it (ChildProcess needs a path).
std::string OnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::filesystem::path candidate = std::filesystem::path(dir) / name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  throw std::runtime_error(name + " is not on PATH (scripts/bootstrap test installs it)");
}

std::string PercentEncoded(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

std::string Form(const TokenRequest& r) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"grant_type", "client_credentials"}, {"aud", r.audience}, {"sub", r.subject}};
  if (r.email) fields.emplace_back("email", *r.email);
  if (r.name) fields.emplace_back("name", *r.name);
  if (r.token_use) fields.emplace_back("token_use", *r.token_use);
  if (r.lifetime_seconds) fields.emplace_back("lifetime", std::to_string(*r.lifetime_seconds));
  if (!r.groups.empty()) {
    std::string groups;
    for (const std::string& g : r.groups) groups += (groups.empty() ? "" : ",") + g;
    fields.emplace_back("groups", groups);
  }
  std::string form;
  for (const auto& [name, value] : fields) {
    form += (form.empty() ? "" : "&") + name + "=" + PercentEncoded(value);
  }
  return form;
}

std::string AccessToken(const std::string& response_body) {
  boost::json::value body = boost::json::parse(response_body);
  return std::string(body.at("access_token").as_string());
}

}  // namespace

OidcProvider::OidcProvider() {
  std::string script = std::string(CHRONOTRAIL_SOURCE_DIR) + "/tests/support/oidc-provider.mjs";
  const char* path = std::getenv("PATH");
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{OnPath("node"), script},
      std::vector<std::string>{std::string("PATH=") + (path ? path : "")});
  bool listening = process_->wait_for_stdout(
      [](std::string_view out) { return out.find('\n') != std::string_view::npos; },
      std::chrono::seconds(20));
  std::string out = process_->stdout_text();
  boost::system::error_code ec;
  boost::json::value line = boost::json::parse(out.substr(0, out.find('\n')), ec);
  if (!listening || ec || !line.is_object() || !line.as_object().contains("port")) {
    throw std::runtime_error("the OpenID provider did not start (run scripts/bootstrap test):\n" +
                             out + process_->stderr_text());
  }
  port_ = static_cast<std::uint16_t>(line.at("port").to_number<int>());
}

std::string OidcProvider::issuer() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::string OidcProvider::Post(const std::string& target, const std::string& form) const {
  HttpClient client(port_);
  HttpResponse response = client.request(http::verb::post, target, form,
                                         {{"Content-Type", "application/x-www-form-urlencoded"}});
  if (response.status != 200) {
    throw std::runtime_error("provider " + target + ": HTTP " + std::to_string(response.status) +
                             " " + response.body);
  }
  return response.body;
}

std::string OidcProvider::Get(const std::string& target) const {
  HttpClient client(port_);
  HttpResponse response = client.request(http::verb::get, target);
  if (response.status != 200) {
    throw std::runtime_error("provider " + target + ": HTTP " + std::to_string(response.status));
  }
  return response.body;
}

std::string OidcProvider::Token(const TokenRequest& request) const {
  return AccessToken(Post("/token", Form(request)));
}

std::string OidcProvider::Jwks() const {
  return Get("/jwks");
}

void OidcProvider::StageKey() const {
  Post("/test/stage-key", "");
}

std::string OidcProvider::StagedKeyToken(const TokenRequest& request) const {
  return AccessToken(Post("/test/staged-token", Form(request)));
}

void OidcProvider::PublishStagedKey() const {
  Post("/test/publish-staged-key", "");
}

int OidcProvider::JwksRequests() const {
  return boost::json::parse(Get("/test/stats")).at("jwks").to_number<int>();
}

int OidcProvider::DiscoveryRequests() const {
  return boost::json::parse(Get("/test/stats")).at("discovery").to_number<int>();
}

void OidcProvider::Stop() {
  process_->send_signal(SIGKILL);
  process_->wait_for_exit(std::chrono::seconds(5));
}

}  // namespace chronotrail::testing
