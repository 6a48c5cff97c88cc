// JSON Web Tokens (RFC 7519) in compact JWS form: parsing, claim checks and signatures.
// Used by the local issuer and by OIDC verification; nothing here trusts a token
// until VerifySignature and CheckClaims have both passed.
#pragma once

#include <openssl/evp.h>

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace chronotrail::jwt {

std::string Base64UrlEncode(std::string_view bytes);
// Rejects padding and characters outside the URL-safe alphabet.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// The three parts of a compact JWS, decoded but not yet verified.
struct Jws {
  boost::json::object header;
  boost::json::object claims;
  std::string signing_input;  // "base64url(header).base64url(claims)"
  std::string signature;      // raw bytes
};

// Splits and decodes `token`; nullopt for anything that is not three base64url parts whose first
// two are JSON objects.
std::optional<Jws> Parse(std::string_view token);

// Signs `input` with an EC P-256 private key; returns the JWS (raw r||s) signature.
std::string SignEs256(EVP_PKEY* key, std::string_view input);

// Verifies `signature` over `input` with `key` for algorithm `alg`. Only "ES256" and "RS256" are
// accepted, and only with a key of the matching type: "none", HMAC and any mismatch are false.
bool VerifySignature(EVP_PKEY* key, std::string_view alg, std::string_view input,
                     std::string_view signature);

// What a token must carry to be accepted.
struct ClaimRules {
  std::string issuer;
  // The audience `aud` must name; nullopt when the caller checks the audience itself (Cognito
  // access tokens name their client in `client_id` instead).
  std::optional<std::string> audience;
  Micros now = 0;
  int leeway_seconds = 60;
};

// Checks iss, aud (string or array; unless rules.audience is nullopt), exp (required), nbf and sub
// (required). Returns the reason
// for rejection, or nullopt when the claims are acceptable.
std::optional<std::string> CheckClaims(const boost::json::object& claims, const ClaimRules& rules);

}  // namespace chronotrail::jwt
