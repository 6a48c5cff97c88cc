// JSON Web Key Sets (RFC 7517): the public keys an OpenID provider publishes at its jwks_uri,
// turned into OpenSSL keys by key id.
//
// Only signature keys this server can use are kept: RSA keys of at least 2048 bits and EC keys on
// P-256. A key that is unusable for any reason (another kty or crv, "use": "enc", an algorithm
// other than RS256/ES256, no kid, bad numbers, a point off the curve) is skipped, so one odd key
// in a provider's set never locks out the tokens signed by the others.
//
// The keys are immutable once parsed and may be shared by any number of threads.
#pragma once

#include <openssl/evp.h>

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace chronotrail::jwks {

// One usable public key.
struct PublicKey {
  std::string kid;
  // The JWK's "alg" when it names one (then a token must use exactly that algorithm); empty when
  // the key allows any algorithm of its type.
  std::string alg;
  std::shared_ptr<EVP_PKEY> key;

  // Whether a token signed with `token_alg` may be checked with this key.
  bool Allows(std::string_view token_alg) const;
};

using KeySet = std::map<std::string, std::shared_ptr<const PublicKey>, std::less<>>;

// The usable keys of one JWK (a JSON object); nullopt when it is unusable.
std::optional<PublicKey> ParseKey(const boost::json::object& jwk);

// The usable keys of a JWKS document ({"keys": [...]}), by kid; the first of duplicate kids
// wins. nullopt when `document` is not JSON of that shape at all.
std::optional<KeySet> ParseKeySet(std::string_view document);

}  // namespace chronotrail::jwks
