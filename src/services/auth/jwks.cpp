#include "services/auth/jwks.h"

#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <boost/json.hpp>

#include "services/auth/jwt.h"

namespace chronotrail::jwks {
namespace {

// RSA keys below this size are refused: they are factorable at a cost an attacker may pay.
constexpr size_t kMinRsaModulusBytes = 2048 / 8;
constexpr size_t kP256CoordinateBytes = 32;

using KeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using ParamBuildPtr = std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)>;
using BignumPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

std::optional<std::string> StringMember(const boost::json::object& jwk, std::string_view name) {
  const boost::json::value* v = jwk.if_contains(name);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

// A base64url member decoded to bytes, without leading zero bytes (JWK integers are unsigned
// big-endian, and some encoders pad them).
std::optional<std::string> UnsignedMember(const boost::json::object& jwk, std::string_view name) {
  std::optional<std::string> text = StringMember(jwk, name);
  if (!text) return std::nullopt;
  std::optional<std::string> bytes = jwt::Base64UrlDecode(*text);
  if (!bytes) return std::nullopt;
  size_t first = bytes->find_first_not_of('\0');
  if (first == std::string::npos) return std::nullopt;  // zero is no valid modulus or exponent
  return bytes->substr(first);
}

// Builds a public key of `type` ("RSA" or "EC") from `params` and checks it is well formed.
std::shared_ptr<EVP_PKEY> FromParams(const char* type, OSSL_PARAM_BLD* build) {
  ParamsPtr params(OSSL_PARAM_BLD_to_param(build), OSSL_PARAM_free);
  KeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
  KeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), EVP_PKEY_CTX_free);
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return owned;
}

std::shared_ptr<EVP_PKEY> RsaKey(const boost::json::object& jwk) {
  std::optional<std::string> n = UnsignedMember(jwk, "n");
  std::optional<std::string> e = UnsignedMember(jwk, "e");
  if (!n || !e || n->size() < kMinRsaModulusBytes || e->size() > 8) return nullptr;
  BignumPtr modulus(BN_bin2bn((const unsigned char*)n->data(), int(n->size()), nullptr), BN_free);
  BignumPtr exponent(BN_bin2bn((const unsigned char*)e->data(), int(e->size()), nullptr), BN_free);
  ParamBuildPtr build(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!modulus || !exponent || !build ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    return nullptr;
  }
  return FromParams("RSA", build.get());
}

// Appends a P-256 coordinate to `point`: exactly 32 bytes as RFC 7518 §6.2.1.2 requires
// (leading zeros kept). False when the member is missing or malformed.
bool AppendCoordinate(const boost::json::object& jwk, std::string_view name, std::string& point) {
  const boost::json::value* text = jwk.if_contains(name);
  if (!text || !text->is_string()) return false;
  std::optional<std::string> bytes = jwt::Base64UrlDecode(text->as_string());
  if (!bytes || bytes->size() != kP256CoordinateBytes) return false;
  point.append(*bytes);
  return true;
}

std::shared_ptr<EVP_PKEY> EcKey(const boost::json::object& jwk) {
  if (StringMember(jwk, "crv") != "P-256") return nullptr;
  std::string point(1, '\x04');  // an uncompressed SEC1 point: 04 || x || y
  if (!AppendCoordinate(jwk, "x", point) || !AppendCoordinate(jwk, "y", point)) return nullptr;
  ParamBuildPtr build(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!build ||
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return nullptr;
  }
  return FromParams("EC", build.get());
}

}  // namespace

bool PublicKey::Allows(std::string_view token_alg) const {
  return alg.empty() || alg == token_alg;
}

std::optional<PublicKey> ParseKey(const boost::json::object& jwk) {
  std::optional<std::string> kid = StringMember(jwk, "kid");
  std::optional<std::string> kty = StringMember(jwk, "kty");
  if (!kid || kid->empty() || !kty) return std::nullopt;
  // Keys marked for encryption are not for signatures; malformed markers make the key unusable.
  if (jwk.contains("use") && StringMember(jwk, "use") != "sig") return std::nullopt;
  if (jwk.contains("alg") && !StringMember(jwk, "alg")) return std::nullopt;
  PublicKey key{*kid, StringMember(jwk, "alg").value_or(""), nullptr};
  if (*kty == "RSA" && (key.alg.empty() || key.alg == "RS256")) {
    key.key = RsaKey(jwk);
  } else if (*kty == "EC" && (key.alg.empty() || key.alg == "ES256")) {
    key.key = EcKey(jwk);
  }
  if (!key.key) return std::nullopt;
  return key;
}

std::optional<KeySet> ParseKeySet(std::string_view document) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(document, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const boost::json::value* keys = parsed.as_object().if_contains("keys");
  if (!keys || !keys->is_array()) return std::nullopt;
  KeySet set;
  for (const boost::json::value& jwk : keys->as_array()) {
    if (!jwk.is_object()) continue;
    if (std::optional<PublicKey> key = ParseKey(jwk.as_object())) {
      std::string kid = key->kid;
      set.emplace(std::move(kid), std::make_shared<const PublicKey>(std::move(*key)));
    }
  }
  return set;
}

}  // namespace chronotrail::jwks
