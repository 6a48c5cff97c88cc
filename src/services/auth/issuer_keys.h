// IssuerKeys: the signing keys of one OpenID issuer, found through its discovery document
// (ISSUER/.well-known/openid-configuration → jwks_uri) and cached.
//
// Keys are fetched at first need, never per request: afterwards a token is checked against the
// cached set. The set is fetched again when
//   - it is older than `max_age` (so keys the provider withdrew stop working), or
//   - a token names a kid the set lacks (the provider rotated its keys) — at most once per
//     `unknown_kid_cooldown`, so a flood of tokens with invented kids costs the provider nothing.
// After a failed fetch no new attempt is made for `failure_backoff`; meanwhile keys already held
// keep working, and without any keys the caller gets ApiError(kUnavailable).
//
// Thread-safe. Concurrent callers that need a fetch wait for one fetch instead of making many;
// callers whose key is cached never wait for a fetch.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "services/auth/jwks.h"

namespace chronotrail {

// Fetches a JSON document: the body of a 200 response to GET `url`. Throws ApiError(kUnavailable)
// for transport failures, any other status and oversized bodies.
using DocumentFetcher = std::function<std::string(const std::string& url)>;

// The fetcher of the running server: net::HttpFetch with short timeouts and a size cap.
DocumentFetcher HttpDocumentFetcher();

struct KeyRefreshPolicy {
  Micros max_age = 3600 * kMicrosPerSecond;
  Micros unknown_kid_cooldown = 60 * kMicrosPerSecond;
  Micros failure_backoff = 5 * kMicrosPerSecond;
};

class IssuerKeys {
 public:
  // `issuer` is the exact issuer URL; its discovery document must name the same issuer.
  IssuerKeys(std::string issuer, DocumentFetcher fetch, KeyRefreshPolicy policy = {});

  // The key `kid` at time `now`, fetching the set as described above; nullptr when the issuer
  // does not publish that kid (after any refetch the cooldown allowed). Throws
  // ApiError(kUnavailable) when no keys could be had at all.
  std::shared_ptr<const jwks::PublicKey> Find(std::string_view kid, Micros now) const;

  const std::string& issuer() const { return issuer_; }

 private:
  struct State {
    std::shared_ptr<const jwks::KeySet> keys;  // null until the first successful fetch
    Micros fetched_at = 0;
    std::optional<Micros> last_unknown_kid_fetch;
    std::optional<Micros> last_failure;
  };

  State Snapshot() const;
  // Discovery document, then the key set. Throws ApiError(kUnavailable).
  jwks::KeySet FetchKeySet() const;

  const std::string issuer_;
  const DocumentFetcher fetch_;
  const KeyRefreshPolicy policy_;
  mutable std::mutex fetch_mu_;  // held for a whole fetch: one at a time
  mutable std::mutex state_mu_;  // held only to read or replace state_
  mutable State state_;
};

}  // namespace chronotrail
