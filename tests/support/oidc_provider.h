#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/child_process.h"

namespace chronotrail::testing {

// What a token from the provider says, beyond the issuer (always the provider's).
struct TokenRequest {
  std::string audience;
  std::string subject;
  std::optional<std::string> email;
  std::optional<std::string> name;
  std::vector<std::string> groups;
  std::optional<long> lifetime_seconds;  // default one hour; negative: already expired
  std::optional<std::string> token_use;
};

// A real OpenID provider (oauth2-mock-server from tests/npm, run by
// tests/support/oidc-provider.mjs with node) on 127.0.0.1 and an ephemeral port, issuing RS256
// tokens over HTTP as any client would get them. Stopped (SIGKILL) on destruction.
class OidcProvider {
 public:
  // Starts the provider and waits until it listens; throws with its output when it does not.
  OidcProvider();

  std::uint16_t port() const { return port_; }
  // http://127.0.0.1:PORT, exactly as its tokens' `iss` and its discovery document say.
  std::string issuer() const;

  // A token from POST /token (grant_type=client_credentials) with `request`'s claims.
  std::string Token(const TokenRequest& request) const;
  // The provider's published JWKS document (GET /jwks).
  std::string Jwks() const;

  // Key rotation: a new key is made but not published; tokens can be signed with it; then it is
  // published beside the first key.
  void StageKey() const;
  std::string StagedKeyToken(const TokenRequest& request) const;
  void PublishStagedKey() const;

  // How many times the JWKS and the discovery document were fetched so far.
  int JwksRequests() const;
  int DiscoveryRequests() const;

  // Kills the provider: its issuer no longer answers.
  void Stop();

 private:
  std::string Post(const std::string& target, const std::string& form) const;
  std::string Get(const std::string& target) const;

  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

}  // namespace chronotrail::testing
