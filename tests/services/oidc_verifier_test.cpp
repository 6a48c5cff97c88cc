// OidcVerifier against issuers whose documents are served by the test itself: which tokens are
// accepted, what identity they give, Cognito's rules, and when keys are fetched.
#include "services/auth/oidc_verifier.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "core/error.h"
#include "services/auth/jwt.h"
#include "support/signing_keys.h"

namespace chronotrail {
namespace {

using testing::CompactJws;
using testing::SigningKey;

constexpr const char* kIssuer = "https://id.example.com";
constexpr const char* kAudience = "chronotrail-api";
constexpr const char* kPoolId = "eu-west-1_AbC123";
constexpr const char* kClientId = "5r1ge3cl1ent";
constexpr Micros kNow = 1'700'000'000 * kMicrosPerSecond;
constexpr Micros kSecond = kMicrosPerSecond;

// The documents of issuers, by URL, and how often each was asked for.
class FakeProviders {
 public:
  void Publish(const std::string& issuer, const std::vector<const SigningKey*>& keys) {
    boost::json::array jwks;
    for (const SigningKey* key : keys) jwks.push_back(key->PublicJwk());
    documents_[issuer + "/.well-known/openid-configuration"] = boost::json::serialize(
        boost::json::object{{"issuer", issuer}, {"jwks_uri", issuer + "/keys"}});
    documents_[issuer + "/keys"] = boost::json::serialize(boost::json::object{{"keys", jwks}});
  }
  void Set(const std::string& url, std::string document) { documents_[url] = std::move(document); }
  void GoDown() { down_ = true; }
  void ComeBack() { down_ = false; }
  int Fetches(const std::string& url) const { return fetches_.count(url) ? fetches_.at(url) : 0; }
  int KeyFetches(const std::string& issuer) const { return Fetches(issuer + "/keys"); }

  DocumentFetcher Fetcher() {
    return [this](const std::string& url) {
      ++fetches_[url];
      if (down_ || !documents_.count(url)) throw ApiError::Unavailable(url + " is down");
      return documents_.at(url);
    };
  }

 private:
  std::map<std::string, std::string> documents_;
  std::map<std::string, int> fetches_;
  bool down_ = false;
};

boost::json::object Claims(const std::string& issuer = kIssuer) {
  long now = kNow / kSecond;
  return {{"iss", issuer}, {"aud", kAudience}, {"sub", "person-1"},
          {"iat", now},    {"nbf", now},       {"exp", now + 600}};
}

boost::json::object With(boost::json::object claims, const char* name, boost::json::value v) {
  if (v.is_null()) {
    claims.erase(name);
  } else {
    claims[name] = std::move(v);
  }
  return claims;
}

class OidcVerifierTest : public ::testing::Test {
 protected:
  OidcVerifierTest() { providers_.Publish(kIssuer, {&rsa_, &ec_}); }

  OidcVerifier Verifier(std::vector<OidcIssuer> issuers = {{kIssuer, kAudience, false}}) {
    OidcOptions options;
    options.issuers = std::move(issuers);
    return OidcVerifier(std::move(options), providers_.Fetcher());
  }

  // The reason `token` is refused with 401; fails the test when it is accepted or fails otherwise.
  static std::string Refusal(const OidcVerifier& verifier, const std::string& token,
                             Micros now = kNow) {
    try {
      verifier.Verify(token, now);
    } catch (const ApiError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUnauthenticated) << e.what();
      return e.what();
    }
    ADD_FAILURE() << "the token was accepted";
    return {};
  }

  FakeProviders providers_;
  SigningKey rsa_ = SigningKey::Rsa("rsa-1");
  SigningKey ec_ = SigningKey::Ec("ec-1");
};

TEST_F(OidcVerifierTest, Rs256AndEs256TokensGiveTheIdentityOfTheirClaims) {
  OidcVerifier verifier = Verifier();
  boost::json::object claims = Claims();
  claims["email"] = "Ana@Example.com";
  claims["name"] = "Ana Lima";
  for (const SigningKey* key : {&rsa_, &ec_}) {
    SCOPED_TRACE(key->alg());
    Identity id = verifier.Verify(key->Sign(claims), kNow);
    EXPECT_EQ(id.issuer, kIssuer);
    EXPECT_EQ(id.subject, "person-1");
    EXPECT_EQ(id.email, "Ana@Example.com");
    EXPECT_EQ(id.name, "Ana Lima");
    EXPECT_EQ(id.expires_at, kNow + 600 * kSecond);
    EXPECT_FALSE(id.admin);
  }
}

TEST_F(OidcVerifierTest, AudienceMayBeOneOfSeveral) {
  OidcVerifier verifier = Verifier();
  boost::json::array audiences{"other-api", kAudience};
  EXPECT_EQ(verifier.Verify(rsa_.Sign(With(Claims(), "aud", audiences)), kNow).subject, "person-1");
}

TEST_F(OidcVerifierTest, NameFallsBackToUsernamesAndUnverifiedEmailIsLeftOut) {
  OidcVerifier verifier = Verifier();
  Identity id = verifier.Verify(
      rsa_.Sign(With(With(Claims(), "preferred_username", "ana"), "email", "ana@example.com")),
      kNow);
  EXPECT_EQ(id.name, "ana");
  EXPECT_EQ(id.email, "ana@example.com");
  Identity unverified = verifier.Verify(
      ec_.Sign(With(With(Claims(), "email", "boss@example.com"), "email_verified", false)), kNow);
  EXPECT_FALSE(unverified.email);
  EXPECT_FALSE(unverified.name);
}

TEST_F(OidcVerifierTest, AdminGroupInGroupsOrCognitoGroupsGivesTheOperatorRole) {
  OidcVerifier verifier = Verifier();
  EXPECT_TRUE(
      verifier
          .Verify(rsa_.Sign(With(Claims(), "groups", boost::json::array{"staff", "admin"})), kNow)
          .admin);
  EXPECT_TRUE(
      verifier
          .Verify(rsa_.Sign(With(Claims(), "cognito:groups", boost::json::array{"admin"})), kNow)
          .admin);
  EXPECT_FALSE(
      verifier
          .Verify(rsa_.Sign(With(Claims(), "groups", boost::json::array{"administrators"})), kNow)
          .admin);

  OidcOptions options;
  options.issuers = {{kIssuer, kAudience, false}};
  options.admin_group = "operators";
  OidcVerifier custom(std::move(options), providers_.Fetcher());
  EXPECT_FALSE(
      custom.Verify(rsa_.Sign(With(Claims(), "groups", boost::json::array{"admin"})), kNow).admin);
  EXPECT_TRUE(
      custom.Verify(rsa_.Sign(With(Claims(), "groups", boost::json::array{"operators"})), kNow)
          .admin);
}

TEST_F(OidcVerifierTest, ClaimsThatDoNotFitAreRefused) {
  OidcVerifier verifier = Verifier();
  long now = kNow / kSecond;
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(Claims(), "aud", "other-api"))), "wrong audience");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(Claims(), "aud", nullptr))), "wrong audience");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(Claims(), "sub", nullptr))), "no subject");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(Claims(), "exp", nullptr))), "bad expiry");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(Claims(), "exp", now - 61))), "token has expired");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(Claims(), "nbf", now + 61))),
            "token is not valid yet");
  // Within the leeway, clocks that disagree a little are forgiven.
  EXPECT_NO_THROW(verifier.Verify(rsa_.Sign(With(Claims(), "exp", now - 30)), kNow));
  EXPECT_NO_THROW(verifier.Verify(rsa_.Sign(With(Claims(), "nbf", now + 30)), kNow));
}

TEST_F(OidcVerifierTest, TokensOfUnknownIssuersAndAlgorithmsAreRefusedWithoutFetchingKeys) {
  OidcVerifier verifier = Verifier();
  const std::string other = "https://evil.example.com";
  providers_.Publish(other, {&rsa_});
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(Claims(other))), "wrong issuer");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(Claims(), "iss", nullptr))), "wrong issuer");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(Claims(), "iss",
                                             boost::json::string(std::string(kIssuer) + "/")))),
            "wrong issuer");

  boost::json::object none{{"alg", "none"}, {"typ", "JWT"}, {"kid", "rsa-1"}};
  EXPECT_EQ(Refusal(verifier, CompactJws(none, Claims(), "")), "Unsupported token algorithm");
  boost::json::object hs256{{"alg", "HS256"}, {"kid", "rsa-1"}};
  EXPECT_EQ(Refusal(verifier, CompactJws(hs256, Claims(), std::string(32, 'x'))),
            "Unsupported token algorithm");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(Claims(), {{"crit", boost::json::array{"exp"}}})),
            "Unsupported token extension");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(Claims(), {{"kid", nullptr}})), "Token names no key");
  EXPECT_EQ(providers_.Fetches(std::string(kIssuer) + "/.well-known/openid-configuration"), 0);
  EXPECT_EQ(providers_.Fetches(other + "/.well-known/openid-configuration"), 0);
}

TEST_F(OidcVerifierTest, SignatureMustBeByTheNamedKeyOfTheMatchingType) {
  OidcVerifier verifier = Verifier();
  std::string token = rsa_.Sign(Claims());
  // A claim changed after signing.
  std::string tampered = CompactJws(jwt::Parse(token)->header, With(Claims(), "sub", "person-2"),
                                    jwt::Parse(token)->signature);
  EXPECT_EQ(Refusal(verifier, tampered), "Invalid token signature");
  // Signed by one key, naming another; and RS256 claimed for the EC key.
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(Claims(), {{"kid", "ec-1"}})), "Invalid token signature");
  EXPECT_EQ(Refusal(verifier, SigningKey::Rsa("rsa-1").Sign(Claims())), "Invalid token signature");
}

TEST_F(OidcVerifierTest, JwkAlgPinsTheAlgorithmOfItsKey) {
  boost::json::object pinned = rsa_.PublicJwk();
  pinned["alg"] = "RS256";
  providers_.Set(std::string(kIssuer) + "/keys",
                 boost::json::serialize(boost::json::object{{"keys", boost::json::array{pinned}}}));
  OidcVerifier verifier = Verifier();
  EXPECT_NO_THROW(verifier.Verify(rsa_.Sign(Claims()), kNow));
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(Claims(), {{"alg", "ES256"}})), "Invalid token signature");
}

TEST_F(OidcVerifierTest, KeysAreFetchedOnceAndNotPerRequest) {
  OidcVerifier verifier = Verifier();
  for (int i = 0; i < 5; ++i) {
    verifier.Verify(
        rsa_.Sign(With(Claims(), "sub", boost::json::string("person-" + std::to_string(i)))),
        kNow + i * kSecond);
    verifier.Verify(ec_.Sign(Claims()), kNow + i * kSecond);
  }
  EXPECT_EQ(providers_.Fetches(std::string(kIssuer) + "/.well-known/openid-configuration"), 1);
  EXPECT_EQ(providers_.KeyFetches(kIssuer), 1);
}

TEST_F(OidcVerifierTest, RotatedKeyIsFetchedOnItsFirstTokenAndUnknownKidsAreRateLimited) {
  OidcVerifier verifier = Verifier();
  verifier.Verify(rsa_.Sign(Claims()), kNow);
  ASSERT_EQ(providers_.KeyFetches(kIssuer), 1);

  SigningKey rotated = SigningKey::Rsa("rsa-2");
  providers_.Publish(kIssuer, {&rsa_, &rotated});
  EXPECT_EQ(verifier.Verify(rotated.Sign(Claims()), kNow + kSecond).subject, "person-1");
  EXPECT_EQ(providers_.KeyFetches(kIssuer), 2);

  // Invented kids: one refetch per cooldown (60 s), however many tokens arrive.
  for (int i = 0; i < 50; ++i) {
    std::string token = rsa_.Sign(Claims(), {{"kid", "invented-" + std::to_string(i)}});
    EXPECT_EQ(Refusal(verifier, token, kNow + (2 + i) * kSecond), "Token signed by an unknown key");
  }
  EXPECT_EQ(providers_.KeyFetches(kIssuer), 2);
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(Claims(), {{"kid", "late"}}), kNow + 62 * kSecond),
            "Token signed by an unknown key");
  EXPECT_EQ(providers_.KeyFetches(kIssuer), 3);
  // Known keys keep working meanwhile, from the cache.
  EXPECT_NO_THROW(verifier.Verify(rotated.Sign(Claims()), kNow + 63 * kSecond));
  EXPECT_EQ(providers_.KeyFetches(kIssuer), 3);
}

TEST_F(OidcVerifierTest, WithdrawnKeyStopsWorkingOnceTheCachedSetIsAnHourOld) {
  OidcVerifier verifier = Verifier();
  long later = kNow / kSecond + 3601;
  verifier.Verify(ec_.Sign(Claims()), kNow);
  providers_.Publish(kIssuer, {&rsa_});
  EXPECT_EQ(Refusal(verifier, ec_.Sign(With(Claims(), "exp", later + 600)), kNow + 3601 * kSecond),
            "Token signed by an unknown key");
  EXPECT_EQ(providers_.KeyFetches(kIssuer), 2);
}

TEST_F(OidcVerifierTest, ProviderDownIsUnavailableNotUnauthenticatedAndRetriedAfterABackoff) {
  OidcVerifier verifier = Verifier();
  providers_.GoDown();
  std::string token = rsa_.Sign(Claims());
  for (Micros at : {kNow, kNow + kSecond}) {
    try {
      verifier.Verify(token, at);
      ADD_FAILURE() << "accepted without keys";
    } catch (const ApiError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    }
  }
  const std::string discovery = std::string(kIssuer) + "/.well-known/openid-configuration";
  EXPECT_EQ(providers_.Fetches(discovery), 1);  // the second call fell within the backoff
  providers_.ComeBack();
  EXPECT_EQ(verifier.Verify(token, kNow + 6 * kSecond).subject, "person-1");
  EXPECT_EQ(providers_.Fetches(discovery), 2);
}

TEST_F(OidcVerifierTest, KeysAlreadyHeldOutliveAnOutageOfTheProvider) {
  OidcVerifier verifier = Verifier();
  verifier.Verify(rsa_.Sign(Claims()), kNow);
  providers_.GoDown();
  Micros two_hours_later = kNow + 7200 * kSecond;
  long exp = two_hours_later / kSecond + 600;
  EXPECT_EQ(verifier.Verify(rsa_.Sign(With(Claims(), "exp", exp)), two_hours_later).subject,
            "person-1");
}

TEST_F(OidcVerifierTest, DiscoveryDocumentOfAnotherIssuerIsNotTrusted) {
  providers_.Set(
      std::string(kIssuer) + "/.well-known/openid-configuration",
      R"({"issuer": "https://evil.example.com", "jwks_uri": "https://id.example.com/keys"})");
  OidcVerifier verifier = Verifier();
  try {
    verifier.Verify(rsa_.Sign(Claims()), kNow);
    ADD_FAILURE() << "accepted with keys of a document about another issuer";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
  }
  EXPECT_EQ(providers_.KeyFetches(kIssuer), 0);
}

TEST_F(OidcVerifierTest, EachIssuerHasItsOwnKeysAndAudience) {
  const std::string second = "https://login.example.org/tenant";
  SigningKey second_key = SigningKey::Ec("rsa-1");  // the same kid as the first issuer's key
  providers_.Publish(second, {&second_key});
  OidcVerifier verifier = Verifier({{kIssuer, kAudience, false}, {second, "mobile-app", false}});
  EXPECT_EQ(
      verifier.Verify(second_key.Sign(With(Claims(second), "aud", "mobile-app")), kNow).issuer,
      second);
  EXPECT_EQ(Refusal(verifier, second_key.Sign(Claims(second))), "wrong audience");
  // The first issuer's key does not vouch for the second issuer's tokens.
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(Claims(second), "aud", "mobile-app"))),
            "Invalid token signature");
}

TEST(CognitoIssuer, UrlNamesTheRegionOfThePoolId) {
  EXPECT_EQ(CognitoIssuerUrl("eu-west-1_AbC123"),
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123");
  EXPECT_EQ(CognitoIssuerUrl("us-east-2_x"),
            "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_x");
}

TEST(CognitoIssuer, ConfigGivesOidcIssuersAndThePool) {
  Config config;
  config.oidc_issuers = {"https://a.example.com|api-a", "http://127.0.0.1:9000|api|b"};
  config.cognito_user_pool_id = kPoolId;
  config.cognito_client_id = kClientId;
  config.aws_region = "us-east-1";  // the pool's own region wins
  std::vector<OidcIssuer> issuers = OidcIssuersFromConfig(config);
  ASSERT_EQ(issuers.size(), 3u);
  EXPECT_EQ(issuers[0].issuer, "https://a.example.com");
  EXPECT_EQ(issuers[0].audience, "api-a");
  EXPECT_FALSE(issuers[0].cognito);
  EXPECT_EQ(issuers[1].issuer, "http://127.0.0.1:9000");
  EXPECT_EQ(issuers[1].audience, "api|b");
  EXPECT_EQ(issuers[2].issuer, "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123");
  EXPECT_EQ(issuers[2].audience, kClientId);
  EXPECT_TRUE(issuers[2].cognito);
}

class CognitoTokens : public OidcVerifierTest {
 protected:
  CognitoTokens() : pool_(CognitoIssuerUrl(kPoolId)) { providers_.Publish(pool_, {&rsa_}); }

  OidcVerifier PoolVerifier() { return Verifier({{pool_, kClientId, true}}); }

  boost::json::object IdToken() {
    boost::json::object claims = Claims(pool_);
    claims["aud"] = kClientId;
    claims["token_use"] = "id";
    claims["email"] = "ana@example.com";
    claims["cognito:username"] = "ana";
    return claims;
  }
  boost::json::object AccessToken() {
    boost::json::object claims = Claims(pool_);
    claims.erase("aud");
    claims["client_id"] = kClientId;
    claims["token_use"] = "access";
    claims["username"] = "ana";
    return claims;
  }

  std::string pool_;
};

TEST_F(CognitoTokens, IdTokensNameTheAppClientAsAudience) {
  OidcVerifier verifier = PoolVerifier();
  Identity id = verifier.Verify(rsa_.Sign(IdToken()), kNow);
  EXPECT_EQ(id.issuer, pool_);
  EXPECT_EQ(id.email, "ana@example.com");
  EXPECT_EQ(id.name, "ana");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(IdToken(), "aud", "other-client"))), "wrong audience");
}

TEST_F(CognitoTokens, AccessTokensNameTheAppClientAsClientId) {
  OidcVerifier verifier = PoolVerifier();
  Identity id = verifier.Verify(rsa_.Sign(AccessToken()), kNow);
  EXPECT_EQ(id.subject, "person-1");
  EXPECT_EQ(id.name, "ana");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(AccessToken(), "client_id", "other-client"))),
            "wrong client");
  // An access token's aud is not where Cognito names the client.
  EXPECT_EQ(Refusal(verifier,
                    rsa_.Sign(With(With(AccessToken(), "client_id", nullptr), "aud", kClientId))),
            "wrong client");
}

TEST_F(CognitoTokens, TokenUseMustBeIdOrAccess) {
  OidcVerifier verifier = PoolVerifier();
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(IdToken(), "token_use", nullptr))), "wrong token use");
  EXPECT_EQ(Refusal(verifier, rsa_.Sign(With(IdToken(), "token_use", "refresh"))),
            "wrong token use");
}

TEST_F(CognitoTokens, CognitoGroupsGiveTheOperatorRole) {
  OidcVerifier verifier = PoolVerifier();
  EXPECT_TRUE(
      verifier
          .Verify(rsa_.Sign(With(AccessToken(), "cognito:groups", boost::json::array{"admin"})),
                  kNow)
          .admin);
  EXPECT_FALSE(verifier.Verify(rsa_.Sign(AccessToken()), kNow).admin);
}

}  // namespace
}  // namespace chronotrail
