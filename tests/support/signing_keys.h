#pragma once

#include <openssl/evp.h>

#include <boost/json/object.hpp>
#include <memory>
#include <string>

namespace chronotrail::testing {

// A key pair made for one test (RSA 2048 or EC P-256), whose public half can be published as a
// JWK and whose private half signs tokens, as an OpenID provider's key does.
class SigningKey {
 public:
  static SigningKey Rsa(std::string kid, int bits = 2048);
  static SigningKey Ec(std::string kid);

  const std::string& kid() const { return kid_; }
  EVP_PKEY* pkey() const { return key_.get(); }
  // "RS256" or "ES256".
  const char* alg() const;

  // The public key as a JWK: kty, kid and the key's numbers (n/e or crv/x/y), nothing else.
  boost::json::object PublicJwk() const;

  // A compact JWS of `claims` with header {"alg": alg(), "typ": "JWT", "kid": kid()} plus
  // `extra_header` (which wins).
  std::string Sign(const boost::json::object& claims,
                   const boost::json::object& extra_header = {}) const;

  // The raw JWS signature of `input` with this key.
  std::string SignatureOf(const std::string& input) const;

 private:
  SigningKey(std::string kid, EVP_PKEY* key) : kid_(std::move(kid)), key_(key, EVP_PKEY_free) {}

  std::string kid_;
  std::shared_ptr<EVP_PKEY> key_;
};

// A compact JWS with exactly this header and claims, and `signature` (raw bytes) as its third
// part: for tokens no honest signer makes.
std::string CompactJws(const boost::json::object& header, const boost::json::object& claims,
                       const std::string& signature);

}  // namespace chronotrail::testing
