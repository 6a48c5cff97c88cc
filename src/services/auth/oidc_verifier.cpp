#include "services/auth/oidc_verifier.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "services/auth/jwt.h"

namespace chronotrail {
namespace {

using boost::json::object;
using boost::json::value;

std::optional<std::string> StringClaim(const object& claims, std::string_view name) {
  const value* v = claims.if_contains(name);
  if (!v || !v->is_string() || v->as_string().empty()) return std::nullopt;
  return std::string(v->as_string());
}

bool ListHas(const value* list, std::string_view wanted) {
  if (!list) return false;
  if (list->is_string()) return list->as_string() == wanted;
  if (!list->is_array()) return false;
  for (const value& item : list->as_array()) {
    if (item.is_string() && item.as_string() == wanted) return true;
  }
  return false;
}

// Where the token's audience is, and whether it is the issuer's. Returns the reason for refusal.
std::optional<std::string> CheckAudience(const object& claims, const OidcIssuer& issuer) {
  if (!issuer.cognito) {
    if (!ListHas(claims.if_contains("aud"), issuer.audience)) return "wrong audience";
    return std::nullopt;
  }
  // Cognito ID tokens carry the app client id as aud; access tokens carry it as client_id.
  std::optional<std::string> token_use = StringClaim(claims, "token_use");
  if (token_use == "id") {
    if (!ListHas(claims.if_contains("aud"), issuer.audience)) return "wrong audience";
  } else if (token_use == "access") {
    if (StringClaim(claims, "client_id") != issuer.audience) return "wrong client";
  } else {
    return "wrong token use";
  }
  return std::nullopt;
}

}  // namespace

std::string CognitoIssuerUrl(std::string_view user_pool_id) {
  std::string_view region = user_pool_id.substr(0, user_pool_id.find('_'));
  return "https://cognito-idp." + std::string(region) + ".amazonaws.com/" +
         std::string(user_pool_id);
}

std::vector<OidcIssuer> OidcIssuersFromConfig(const Config& config) {
  std::vector<OidcIssuer> issuers;
  for (const std::string& entry : config.oidc_issuers) {
    size_t bar = entry.find('|');  // LoadConfig has checked the shape
    issuers.push_back({entry.substr(0, bar), entry.substr(bar + 1), false});
  }
  if (!config.cognito_user_pool_id.empty()) {
    issuers.push_back(
        {CognitoIssuerUrl(config.cognito_user_pool_id), config.cognito_client_id, true});
  }
  return issuers;
}

OidcVerifier::OidcVerifier(OidcOptions options, DocumentFetcher fetch)
    : admin_group_(std::move(options.admin_group)), leeway_seconds_(options.leeway_seconds) {
  for (OidcIssuer& issuer : options.issuers) {
    auto keys = std::make_unique<IssuerKeys>(issuer.issuer, fetch, options.key_refresh);
    issuers_.push_back({std::move(issuer), std::move(keys)});
  }
}

const OidcVerifier::TrustedIssuer* OidcVerifier::IssuerNamed(std::string_view iss) const {
  for (const TrustedIssuer& issuer : issuers_) {
    if (issuer.config.issuer == iss) return &issuer;
  }
  return nullptr;
}

Identity OidcVerifier::Verify(std::string_view token, Micros now) const {
  std::optional<jwt::Jws> jws = jwt::Parse(token);
  if (!jws) throw ApiError::Unauthenticated("Malformed token");
  const object& header = jws->header;
  const object& claims = jws->claims;

  // Everything that can be refused without keys is refused first, so bad tokens never cause a
  // fetch. The issuer is taken on the token's word only to choose keys; it is checked again below.
  std::optional<std::string> iss = StringClaim(claims, "iss");
  const TrustedIssuer* issuer = iss ? IssuerNamed(*iss) : nullptr;
  if (!issuer) throw ApiError::Unauthenticated("wrong issuer");
  std::optional<std::string> alg = StringClaim(header, "alg");
  if (alg != "RS256" && alg != "ES256") {
    throw ApiError::Unauthenticated("Unsupported token algorithm");
  }
  if (header.contains("crit")) throw ApiError::Unauthenticated("Unsupported token extension");
  std::optional<std::string> kid = StringClaim(header, "kid");
  if (!kid) throw ApiError::Unauthenticated("Token names no key");

  std::shared_ptr<const jwks::PublicKey> key = issuer->keys->Find(*kid, now);
  if (!key) throw ApiError::Unauthenticated("Token signed by an unknown key");
  if (!key->Allows(*alg) ||
      !jwt::VerifySignature(key->key.get(), *alg, jws->signing_input, jws->signature)) {
    throw ApiError::Unauthenticated("Invalid token signature");
  }

  jwt::ClaimRules rules{issuer->config.issuer, std::nullopt, now, leeway_seconds_};
  if (auto why = jwt::CheckClaims(claims, rules)) throw ApiError::Unauthenticated(*why);
  if (auto why = CheckAudience(claims, issuer->config)) throw ApiError::Unauthenticated(*why);

  Identity id;
  id.issuer = issuer->config.issuer;
  id.subject = std::string(claims.at("sub").as_string());
  id.expires_at = static_cast<Micros>(claims.at("exp").to_number<double>() * kMicrosPerSecond);
  const value* verified = claims.if_contains("email_verified");
  bool unverified = verified && (*verified == value(false) || *verified == value("false"));
  if (!unverified) id.email = StringClaim(claims, "email");
  for (const char* name_claim : {"name", "cognito:username", "preferred_username", "username"}) {
    if ((id.name = StringClaim(claims, name_claim))) break;
  }
  id.admin = ListHas(claims.if_contains("cognito:groups"), admin_group_) ||
             ListHas(claims.if_contains("groups"), admin_group_);
  return id;
}

}  // namespace chronotrail
