// JWKS parsing: the public keys a provider publishes become OpenSSL keys that verify its
// signatures, and keys this server cannot use are skipped one by one.
#include "services/auth/jwks.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "services/auth/jwt.h"
#include "support/signing_keys.h"

namespace chronotrail {
namespace {

using testing::SigningKey;

std::string Document(boost::json::array keys) {
  boost::json::object document;
  document["keys"] = std::move(keys);
  return boost::json::serialize(document);
}

// Whether `parsed` verifies what `signer` signs (and nothing else).
bool VerifiesSignaturesOf(const jwks::PublicKey& parsed, const SigningKey& signer) {
  std::string input = "header.claims";
  std::string signature = signer.SignatureOf(input);
  return jwt::VerifySignature(parsed.key.get(), signer.alg(), input, signature) &&
         !jwt::VerifySignature(parsed.key.get(), signer.alg(), input + "!", signature);
}

TEST(Jwks, RsaKeyFromModulusAndExponentVerifiesItsSignatures) {
  SigningKey rsa = SigningKey::Rsa("rsa-1");
  std::optional<jwks::KeySet> set = jwks::ParseKeySet(Document({rsa.PublicJwk()}));
  ASSERT_TRUE(set);
  ASSERT_EQ(set->count("rsa-1"), 1u);
  const jwks::PublicKey& key = *set->at("rsa-1");
  EXPECT_EQ(EVP_PKEY_get_base_id(key.key.get()), EVP_PKEY_RSA);
  EXPECT_TRUE(VerifiesSignaturesOf(key, rsa));
  EXPECT_FALSE(VerifiesSignaturesOf(key, SigningKey::Rsa("other")));
}

TEST(Jwks, EcP256KeyFromCoordinatesVerifiesItsSignatures) {
  SigningKey ec = SigningKey::Ec("ec-1");
  std::optional<jwks::KeySet> set = jwks::ParseKeySet(Document({ec.PublicJwk()}));
  ASSERT_TRUE(set);
  ASSERT_EQ(set->count("ec-1"), 1u);
  const jwks::PublicKey& key = *set->at("ec-1");
  EXPECT_EQ(EVP_PKEY_get_base_id(key.key.get()), EVP_PKEY_EC);
  EXPECT_TRUE(VerifiesSignaturesOf(key, ec));
  EXPECT_FALSE(VerifiesSignaturesOf(key, SigningKey::Ec("other")));
}

TEST(Jwks, AlgUseAndPaddedNumbersOfAProviderAreUnderstood) {
  SigningKey rsa = SigningKey::Rsa("rsa-1");
  boost::json::object jwk = rsa.PublicJwk();
  jwk["alg"] = "RS256";
  jwk["use"] = "sig";
  // Some encoders write the modulus with a leading zero byte.
  std::string modulus = *jwt::Base64UrlDecode(std::string(jwk["n"].as_string()));
  jwk["n"] = jwt::Base64UrlEncode(std::string(1, '\0') + modulus);
  std::optional<jwks::PublicKey> key = jwks::ParseKey(jwk);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->alg, "RS256");
  EXPECT_TRUE(key->Allows("RS256"));
  EXPECT_FALSE(key->Allows("ES256"));
  EXPECT_TRUE(VerifiesSignaturesOf(*key, rsa));
}

TEST(Jwks, UnusableKeysAreSkippedAndTheRestOfTheSetIsKept) {
  SigningKey rsa = SigningKey::Rsa("good-rsa");
  SigningKey ec = SigningKey::Ec("good-ec");

  auto changed = [](boost::json::object jwk, const char* kid, const char* field,
                    boost::json::value value) {
    jwk["kid"] = kid;
    if (value.is_null()) {
      jwk.erase(field);
    } else {
      jwk[field] = value;
    }
    return jwk;
  };
  boost::json::object ec_jwk = ec.PublicJwk();
  std::string x = *jwt::Base64UrlDecode(std::string(ec_jwk["x"].as_string()));
  std::string y = *jwt::Base64UrlDecode(std::string(ec_jwk["y"].as_string()));
  std::string y_off_curve = y;
  y_off_curve.back() = static_cast<char>(y_off_curve.back() ^ 1);

  std::string document = Document(boost::json::array{
      rsa.PublicJwk(),
      ec.PublicJwk(),
      changed(rsa.PublicJwk(), "for-encryption", "use", "enc"),
      changed(rsa.PublicJwk(), "rs384", "alg", "RS384"),
      changed(rsa.PublicJwk(), "hmac", "kty", "oct"),
      changed(rsa.PublicJwk(), "", "use", "sig"),
      changed(rsa.PublicJwk(), "no-kid", "kid", nullptr),
      changed(rsa.PublicJwk(), "no-exponent", "e", nullptr),
      changed(rsa.PublicJwk(), "not-base64url", "n", "a+b/c="),
      changed(SigningKey::Rsa("small", 1024).PublicJwk(), "rsa-1024", "kty", "RSA"),
      changed(ec.PublicJwk(), "p384", "crv", "P-384"),
      changed(ec.PublicJwk(), "short-x", "x",
              boost::json::string(jwt::Base64UrlEncode(x.substr(1)))),
      changed(ec.PublicJwk(), "off-curve", "y",
              boost::json::string(jwt::Base64UrlEncode(y_off_curve))),
      changed(ec.PublicJwk(), "ec-as-rs256", "alg", "RS256"),
      "not an object",
      42,
  });
  std::optional<jwks::KeySet> set = jwks::ParseKeySet(document);
  ASSERT_TRUE(set);
  ASSERT_EQ(set->size(), 2u);
  EXPECT_TRUE(VerifiesSignaturesOf(*set->at("good-rsa"), rsa));
  EXPECT_TRUE(VerifiesSignaturesOf(*set->at("good-ec"), ec));
}

TEST(Jwks, RsaKeysShorterThan2048BitsAreSkipped) {
  EXPECT_FALSE(jwks::ParseKey(SigningKey::Rsa("rsa-1024", 1024).PublicJwk()));
  EXPECT_TRUE(jwks::ParseKey(SigningKey::Rsa("rsa-3072", 3072).PublicJwk()));
}

TEST(Jwks, FirstOfTwoKeysWithTheSameKidWins) {
  SigningKey first = SigningKey::Ec("same");
  SigningKey second = SigningKey::Ec("same");
  std::optional<jwks::KeySet> set =
      jwks::ParseKeySet(Document({first.PublicJwk(), second.PublicJwk()}));
  ASSERT_TRUE(set);
  ASSERT_EQ(set->size(), 1u);
  EXPECT_TRUE(VerifiesSignaturesOf(*set->at("same"), first));
}

TEST(Jwks, DocumentsThatAreNotKeySetsAreRefusedButAnEmptySetIsASet) {
  EXPECT_FALSE(jwks::ParseKeySet(""));
  EXPECT_FALSE(jwks::ParseKeySet("[]"));
  EXPECT_FALSE(jwks::ParseKeySet(R"({"keys": {}})"));
  EXPECT_FALSE(jwks::ParseKeySet(R"({"kty": "RSA"})"));
  std::optional<jwks::KeySet> empty = jwks::ParseKeySet(R"({"keys": []})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace chronotrail
