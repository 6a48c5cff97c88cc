// OidcVerifier: the TokenVerifier of AUTH_MODE=oidc. Accepts JWTs of the configured OpenID
// issuers (OIDC_ISSUERS) and of an AWS Cognito user pool, verified with the issuers' published
// keys (services/auth/issuer_keys.h).
//
// A token is accepted only when all of these hold:
//   - its (unverified) `iss` is exactly one configured issuer — that picks the keys to use;
//   - header `alg` is RS256 or ES256 and names a `kid` the issuer publishes, for a key of the
//     matching type (so "none", HMAC with a public key as secret, and key confusion all fail);
//     no `crit` header extensions;
//   - the signature verifies;
//   - `iss` again, `sub` present, `exp` present, `exp`/`nbf` within a 60 s leeway;
//   - the audience: `aud` (string or array) holds the issuer's audience; for a Cognito pool,
//     `token_use` is "id" (then `aud` is the app client id) or "access" (then `client_id` is).
// Anything else is ApiError(kUnauthenticated). Keys that cannot be fetched are
// ApiError(kUnavailable) (503): the token may be fine, the provider is not.
//
// The identity carries the issuer URL and `sub`, `email` (unless `email_verified` is false),
// a name (`name`, else `cognito:username`, `preferred_username` or `username`), `exp`, and the
// operator role when the admin group is in `cognito:groups` or `groups`.
//
// Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "services/auth/issuer_keys.h"
#include "services/auth/token_verifier.h"

namespace chronotrail {

// One issuer whose tokens are accepted.
struct OidcIssuer {
  std::string issuer;    // exactly the `iss` of its tokens; discovery starts here
  std::string audience;  // the audience its tokens must name (for Cognito: the app client id)
  bool cognito = false;  // a Cognito user pool: `token_use` decides where the audience is
};

// https://cognito-idp.REGION.amazonaws.com/POOL_ID, where REGION is the pool id's prefix before
// '_' (a pool id says which region it lives in; AWS_REGION need not be the same).
std::string CognitoIssuerUrl(std::string_view user_pool_id);

// The issuers of OIDC_ISSUERS ("ISSUER_URL|AUDIENCE" each) and of COGNITO_USER_POOL_ID with
// COGNITO_CLIENT_ID.
std::vector<OidcIssuer> OidcIssuersFromConfig(const Config& config);

struct OidcOptions {
  std::vector<OidcIssuer> issuers;
  std::string admin_group = "admin";
  int leeway_seconds = 60;
  KeyRefreshPolicy key_refresh;
};

class OidcVerifier : public TokenVerifier {
 public:
  // Fetches nothing yet: keys are fetched through `fetch` at first need.
  explicit OidcVerifier(OidcOptions options, DocumentFetcher fetch = HttpDocumentFetcher());

  Identity Verify(std::string_view token, Micros now) const override;

 private:
  struct TrustedIssuer {
    OidcIssuer config;
    std::unique_ptr<IssuerKeys> keys;
  };

  const TrustedIssuer* IssuerNamed(std::string_view iss) const;

  std::vector<TrustedIssuer> issuers_;
  std::string admin_group_;
  int leeway_seconds_;
};

}  // namespace chronotrail
