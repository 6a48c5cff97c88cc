// JSON Web Tokens (services/auth/jwt.h). Input: a compact JWS. It is split and decoded, its
// claims checked against fixed rules, and its signature checked with the two public keys of the
// seed corpus (so seeds signed with them reach the accepting paths). Also: base64url decoding
// must undo encoding for any bytes.
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "services/auth/jwks.h"
#include "services/auth/jwt.h"

namespace {

using namespace chronotrail;
using fuzz::Check;

// The public halves of the keys that signed fuzz/corpus/jwt (and the JWKS of fuzz/corpus/oidc).
constexpr std::string_view kSeedKeys =
    R"json({"keys":[{"kty":"RSA","kid":"rsa-1","use":"sig","alg":"RS256","n":"3SK_yvxhNCoFrjxN8OPOV-UFtWrbmNXoDB-xGeRcqKT4ItoSDpXR-xVZT1LtpbxDbnJl_5xpWGAQMVSL-R3M257s2qSuffD1xk3E4NZtgrOAoVi1Si7C9RmGtjJ3ttJUqviPhywq2hs1kAKqGmFDfn7MUnWcjeelOD14mFqQRWpVz9KXHaxfvNWWHkAg9Qu9ZAOP_h4LfZaZuNw94Vi61j21w-53xsKk8RXwO9gW76XMB_6_OTrrRHO3QdGg5jYhOn8VFncMnJ1fFbj7l-yRxlv9MaiZxnwt3IK1qo7fSQ_1CsA-4mfhkV9I5fFVzrEvlMYGcXF8QD-whnjOEzy6Kw","e":"AQAB"},{"kty":"EC","kid":"ec-1","use":"sig","alg":"ES256","crv":"P-256","x":"FHdG5yaxxLmKXnsZU7c2u6rY9D3fkzE94ueWRzK4sy4","y":"3PRkHBbxLQ__EPBeZPQnS4O_xsGhLsz4ABsOKDWMjNo"}]})json";

const jwks::KeySet& SeedKeys() {
  static const jwks::KeySet keys = [] {
    std::optional<jwks::KeySet> parsed = jwks::ParseKeySet(kSeedKeys);
    Check(parsed && parsed->size() == 2, "the seed keys do not parse");
    return *parsed;
  }();
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view token = fuzz::AsText(data, size);
  Check(jwt::Base64UrlDecode(jwt::Base64UrlEncode(token)) == std::string(token),
        "base64url decoding does not undo encoding");

  std::optional<jwt::Jws> jws = jwt::Parse(token);
  if (!jws) return 0;
  Check(token.starts_with(jws->signing_input + "."), "the signing input is not the token's head");

  jwt::ClaimRules rules;
  rules.issuer = "https://issuer.example";
  rules.audience = "chronotrail";
  rules.now = 1710244800LL * kMicrosPerSecond;  // 2024-03-12T12:00:00Z
  (void)jwt::CheckClaims(jws->claims, rules);

  const boost::json::value* alg = jws->header.if_contains("alg");
  std::string_view alg_name = alg && alg->is_string() ? std::string_view(alg->as_string()) : "";
  for (const auto& [kid, key] : SeedKeys()) {
    bool valid = jwt::VerifySignature(key->key.get(), alg_name, jws->signing_input, jws->signature);
    Check(!valid || alg_name == "RS256" || alg_name == "ES256",
          "a signature verified for an algorithm other than RS256 and ES256");
  }
  return 0;
}
