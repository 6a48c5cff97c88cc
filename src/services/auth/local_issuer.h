// The local token issuer of the embedded default: an EC P-256 key kept in the data directory
// (keys/local-issuer.pem, mode 0600, created on first use) signs ES256 JWTs for users of this
// server, and verifies them. Tokens carry iss "chronotrail-local", aud "chronotrail", the user id
// as sub, the email, iat and exp; the header names the key by kid.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>

#include "services/auth/token_verifier.h"

namespace chronotrail {

class LocalIssuer : public TokenVerifier {
 public:
  // Loads the key from `data_dir`, creating it (atomically, safe against a concurrent start) when
  // there is none. Throws std::runtime_error if the key file exists but cannot be read.
  static std::unique_ptr<LocalIssuer> Open(const std::string& data_dir);

  // A signed token for `user_id` valid from `now` for `ttl_seconds`; `admin` adds the operator
  // role (claim "admin": true).
  std::string Mint(const std::string& user_id, const std::string& email, Micros now,
                   long ttl_seconds, bool admin = false) const;

  Identity Verify(std::string_view token, Micros now) const override;

  ~LocalIssuer() override;

 private:
  LocalIssuer(EVP_PKEY* key, std::string kid) : key_(key), kid_(std::move(kid)) {}

  EVP_PKEY* key_;
  std::string kid_;
};

}  // namespace chronotrail
