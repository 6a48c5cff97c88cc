#include "support/signing_keys.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "services/auth/jwt.h"

namespace chronotrail::testing {
namespace {

// A number of the key as unsigned big-endian bytes; `width` pads to that many bytes (0: minimal).
std::string Number(EVP_PKEY* key, const char* param, int width) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, param, &bn) != 1) throw std::runtime_error("no key parameter");
  std::string bytes(width > 0 ? width : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), int(bytes.size()));
  BN_free(bn);
  return bytes;
}

}  // namespace

SigningKey SigningKey::Rsa(std::string kid, int bits) {
  EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned>(bits));
  if (!key) throw std::runtime_error("RSA key generation failed");
  return SigningKey(std::move(kid), key);
}

SigningKey SigningKey::Ec(std::string kid) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (!key) throw std::runtime_error("EC key generation failed");
  return SigningKey(std::move(kid), key);
}

const char* SigningKey::alg() const {
  return EVP_PKEY_get_base_id(pkey()) == EVP_PKEY_RSA ? "RS256" : "ES256";
}

boost::json::object SigningKey::PublicJwk() const {
  if (EVP_PKEY_get_base_id(pkey()) == EVP_PKEY_RSA) {
    return {{"kty", "RSA"},
            {"kid", kid_},
            {"n", jwt::Base64UrlEncode(Number(pkey(), OSSL_PKEY_PARAM_RSA_N, 0))},
            {"e", jwt::Base64UrlEncode(Number(pkey(), OSSL_PKEY_PARAM_RSA_E, 0))}};
  }
  return {{"kty", "EC"},
          {"kid", kid_},
          {"crv", "P-256"},
          {"x", jwt::Base64UrlEncode(Number(pkey(), OSSL_PKEY_PARAM_EC_PUB_X, 32))},
          {"y", jwt::Base64UrlEncode(Number(pkey(), OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
}

std::string SigningKey::SignatureOf(const std::string& input) const {
  if (EVP_PKEY_get_base_id(pkey()) == EVP_PKEY_EC) return jwt::SignEs256(pkey(), input);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, data, input.size()) != 1) {
    throw std::runtime_error("RS256 signing failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                     input.size()) != 1) {
    throw std::runtime_error("RS256 signing failed");
  }
  signature.resize(length);
  return signature;
}

std::string SigningKey::Sign(const boost::json::object& claims,
                             const boost::json::object& extra_header) const {
  boost::json::object header{{"alg", alg()}, {"typ", "JWT"}, {"kid", kid_}};
  for (const auto& [name, value] : extra_header) header[name] = value;
  std::string input = jwt::Base64UrlEncode(boost::json::serialize(header)) + "." +
                      jwt::Base64UrlEncode(boost::json::serialize(claims));
  return input + "." + jwt::Base64UrlEncode(SignatureOf(input));
}

std::string CompactJws(const boost::json::object& header, const boost::json::object& claims,
                       const std::string& signature) {
  return jwt::Base64UrlEncode(boost::json::serialize(header)) + "." +
         jwt::Base64UrlEncode(boost::json::serialize(claims)) + "." +
         jwt::Base64UrlEncode(signature);
}

}  // namespace chronotrail::testing
