#include "services/auth/issuer_keys.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/error.h"
#include "core/log.h"
#include "net/http_fetch.h"

namespace chronotrail {
namespace {

// Discovery documents and key sets are a few kilobytes; anything near this is not one.
constexpr size_t kMaxDocumentBytes = 1 << 20;

std::shared_ptr<const jwks::PublicKey> Lookup(const jwks::KeySet* keys, std::string_view kid) {
  if (!keys) return nullptr;
  auto it = keys->find(kid);
  return it == keys->end() ? nullptr : it->second;
}

bool Within(const std::optional<Micros>& since, Micros span, Micros now) {
  return since && now - *since < span;
}

// A failure of the provider, described for the log (clients are told less).
ApiError ProviderError(std::string what) {
  return ApiError(ErrorKind::kUnavailable, std::move(what));
}

// What clients are told when an issuer's keys cannot be had, and when to try again.
ApiError KeysUnavailable(Micros retry_after) {
  ApiError error = ApiError::Unavailable("The sign-in provider");
  error.set_retry_after(std::max<long>(1, static_cast<long>(retry_after / kMicrosPerSecond)));
  return error;
}

boost::json::object ParseObject(const std::string& text, const std::string& what) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) throw ProviderError(what + " is not a JSON object");
  return std::move(v.as_object());
}

}  // namespace

DocumentFetcher HttpDocumentFetcher() {
  return [](const std::string& url) {
    net::HttpRequest request;
    request.url = url;
    request.headers = {{"Accept", "application/json"}};
    request.timeout_ms = 5000;
    request.connect_timeout_ms = 2000;
    std::string body;
    net::HttpResponse response = net::HttpFetch(request, [&body](std::string_view piece) {
      if (body.size() + piece.size() > kMaxDocumentBytes) return false;
      body.append(piece);
      return true;
    });
    if (response.status != 200) {
      throw ProviderError(url + " answered HTTP " + std::to_string(response.status));
    }
    return body;
  };
}

IssuerKeys::IssuerKeys(std::string issuer, DocumentFetcher fetch, KeyRefreshPolicy policy)
    : issuer_(std::move(issuer)), fetch_(std::move(fetch)), policy_(policy) {}

IssuerKeys::State IssuerKeys::Snapshot() const {
  std::lock_guard lock(state_mu_);
  return state_;
}

std::shared_ptr<const jwks::PublicKey> IssuerKeys::Find(std::string_view kid, Micros now) const {
  const State seen = Snapshot();
  bool fresh = seen.keys && now - seen.fetched_at < policy_.max_age;
  if (fresh) {
    if (auto key = Lookup(seen.keys.get(), kid)) return key;
  }

  std::lock_guard fetching(fetch_mu_);
  State current = Snapshot();  // another caller may have fetched while this one waited
  fresh = current.keys && now - current.fetched_at < policy_.max_age;
  if (fresh) {
    if (auto key = Lookup(current.keys.get(), kid)) return key;
    // A fetch that ended after this call began already had its chance to publish the kid.
    if (current.fetched_at != seen.fetched_at || !seen.keys) return nullptr;
    if (Within(current.last_unknown_kid_fetch, policy_.unknown_kid_cooldown, now)) return nullptr;
    std::lock_guard lock(state_mu_);
    state_.last_unknown_kid_fetch = now;  // counted before fetching: failures count too
  }
  if (Within(current.last_failure, policy_.failure_backoff, now)) {
    if (current.keys) return Lookup(current.keys.get(), kid);
    throw KeysUnavailable(policy_.failure_backoff);
  }

  std::shared_ptr<const jwks::KeySet> keys;
  try {
    keys = std::make_shared<const jwks::KeySet>(FetchKeySet());
  } catch (const ApiError& e) {
    Log(LogLevel::kWarn, "oidc_keys_unavailable", {{"issuer", issuer_}, {"error", e.what()}});
    std::lock_guard lock(state_mu_);
    state_.last_failure = now;
    if (state_.keys) return Lookup(state_.keys.get(), kid);  // stale keys beat none
    throw KeysUnavailable(policy_.failure_backoff);
  }
  Log(LogLevel::kInfo, "oidc_keys_fetched",
      {{"issuer", issuer_}, {"keys", static_cast<std::int64_t>(keys->size())}});
  std::lock_guard lock(state_mu_);
  state_.keys = keys;
  state_.fetched_at = now;
  state_.last_failure.reset();
  return Lookup(keys.get(), kid);
}

jwks::KeySet IssuerKeys::FetchKeySet() const {
  std::string base = issuer_;
  if (!base.empty() && base.back() == '/') base.pop_back();
  const std::string discovery_url = base + "/.well-known/openid-configuration";
  boost::json::object discovery = ParseObject(fetch_(discovery_url), discovery_url);

  // OpenID Connect Discovery §4.3: the document must be about the issuer we asked for.
  const boost::json::value* issuer = discovery.if_contains("issuer");
  if (!issuer || !issuer->is_string() || issuer->as_string() != issuer_) {
    throw ProviderError(discovery_url + " names another issuer");
  }
  const boost::json::value* jwks_uri = discovery.if_contains("jwks_uri");
  if (!jwks_uri || !jwks_uri->is_string() ||
      !(jwks_uri->as_string().starts_with("https://") ||
        jwks_uri->as_string().starts_with("http://"))) {
    throw ProviderError(discovery_url + " has no usable jwks_uri");
  }
  const std::string keys_url(jwks_uri->as_string());
  std::optional<jwks::KeySet> keys = jwks::ParseKeySet(fetch_(keys_url));
  if (!keys) throw ProviderError(keys_url + " is not a JSON Web Key Set");
  return std::move(*keys);
}

}  // namespace chronotrail
