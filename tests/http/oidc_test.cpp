// AUTH_MODE=oidc end to end: a real OpenID provider (oauth2-mock-server) on loopback issues
// tokens over HTTP, and the server accepts exactly the good ones. A bad token gets 401 and
// nothing else happens: no user is created.
#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "services/auth/jwks.h"
#include "services/auth/jwt.h"
#include "support/api_assertions.h"
#include "support/api_client.h"
#include "support/json_access.h"
#include "support/oidc_provider.h"
#include "support/server_process.h"
#include "support/signing_keys.h"

namespace chronotrail::testing {
namespace {

constexpr const char* kAudience = "chronotrail-api";

// A provider and a server that trusts it (and only it).
class OidcDeployment {
 public:
  OidcDeployment()
      : environment_{{"AUTH_MODE", "oidc"},
                     {"OIDC_ISSUERS", provider_.issuer() + "|" + kAudience},
                     // Many bad tokens come from one address here; the failure limit is tested
                     // elsewhere and would turn some 401s into 429s.
                     {"AUTH_FAILURES_PER_MINUTE", "0"}},
        server_(environment_) {}

  OidcProvider& provider() { return provider_; }
  ServerProcess& server() { return server_; }

  ApiClient Client(const std::string& token) { return ApiClient(server_.port(), token); }

  // A token of the provider for a person of its own (subject and email unique in the run).
  std::string TokenFor(const std::string& email, TokenRequest request = {}) {
    request.audience = request.audience.empty() ? kAudience : request.audience;
    request.subject = request.subject.empty() ? "subject-" + email : request.subject;
    request.email = email;
    return provider_.Token(request);
  }

  // `chronotrail user list` on the server's data directory: one line per user.
  std::string UserList() {
    CommandResult r = RunCommand({"user", "list"}, server_.data_dir(), environment_);
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return r.stdout_text;
  }

  const Environment& environment() const { return environment_; }

 private:
  OidcProvider provider_;
  Environment environment_;
  ServerProcess server_;
};

// Claims and header of a token, decoded (the test reads what the provider signed).
boost::json::object ClaimsOf(const std::string& token) {
  return jwt::Parse(token)->claims;
}
boost::json::object HeaderOf(const std::string& token) {
  return jwt::Parse(token)->header;
}

class HttpOidc : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      deployment_ = std::make_unique<OidcDeployment>();
    } catch (const std::exception& e) {
      start_error_ = e.what();  // reported by every test of the suite
    }
  }
  static void TearDownTestSuite() { deployment_.reset(); }
  void SetUp() override {
    if (!deployment_) GTEST_FAIL() << "the provider or the server did not start: " << start_error_;
  }

  static OidcDeployment& Deployment() { return *deployment_; }

  // 401 with the bearer challenge, and no user with `email` was created.
  static ::testing::AssertionResult RefusedAndNobodyCreated(const std::string& token,
                                                            const std::string& email) {
    HttpResponse response = Deployment().Client(token).get("/api/v1/auth/me");
    ::testing::AssertionResult error = IsError(response, 401, "AUTHENTICATION_ERROR");
    if (!error) return error;
    if (!response.header("WWW-Authenticate").starts_with("Bearer")) {
      return ::testing::AssertionFailure() << "no Bearer challenge";
    }
    if (Deployment().UserList().find(email) != std::string::npos) {
      return ::testing::AssertionFailure() << "a user " << email << " was created";
    }
    return ::testing::AssertionSuccess();
  }

  static std::unique_ptr<OidcDeployment> deployment_;
  static std::string start_error_;
};

std::unique_ptr<OidcDeployment> HttpOidc::deployment_;
std::string HttpOidc::start_error_;

TEST_F(HttpOidc, ValidTokenSignsInANewUserWithTheEmailAndNameOfItsClaims) {
  std::string email = UniqueEmail("oidc");
  TokenRequest request;
  request.name = "Ana Lima";
  ApiClient ana = Deployment().Client(Deployment().TokenFor(email, request));
  HttpResponse me = ana.get("/api/v1/auth/me");
  ASSERT_TRUE(HasStatus(me, 200));
  boost::json::value profile = me.json();
  EXPECT_TRUE(IsLowerCaseUuid(At(profile, "id")));
  EXPECT_EQ(StringAt(profile, "email"), email);
  EXPECT_EQ(StringAt(profile, "display_name"), "Ana Lima");
  EXPECT_EQ(StringAt(profile, "oauth_provider"), Deployment().provider().issuer());
  EXPECT_EQ(StringAt(profile, "subscription_tier"), "free");
  EXPECT_NE(Deployment().UserList().find(email), std::string::npos);
}

TEST_F(HttpOidc, SameSubjectIsTheSameUserWhateverTheToken) {
  std::string email = UniqueEmail("oidc");
  ApiClient phone = Deployment().Client(Deployment().TokenFor(email));
  TokenRequest renamed;
  renamed.name = "Renamed Later";
  ApiClient laptop = Deployment().Client(Deployment().TokenFor(email, renamed));
  ASSERT_NE(phone.token(), laptop.token());

  HttpResponse created = phone.post(
      "/api/v1/notes", {{"text_content", "from the phone"}, {"timestamp", "2024-03-12T09:14:00Z"}});
  ASSERT_TRUE(HasStatus(created, 201));
  std::string phone_id = StringAt(phone.get("/api/v1/auth/me").json(), "id");
  HttpResponse laptop_me = laptop.get("/api/v1/auth/me");
  ASSERT_TRUE(HasStatus(laptop_me, 200));
  EXPECT_EQ(StringAt(laptop_me.json(), "id"), phone_id);
  // Created on first sight; later tokens do not rewrite the profile.
  EXPECT_TRUE(At(laptop_me.json(), "display_name").is_null());
  EXPECT_TRUE(HasStatus(laptop.get("/api/v1/notes/" + StringAt(created.json(), "id")), 200));

  // Another subject with the same email is another person.
  TokenRequest other;
  other.subject = "another-subject-" + email;
  ApiClient stranger = Deployment().Client(Deployment().TokenFor(email, other));
  HttpResponse stranger_me = stranger.get("/api/v1/auth/me");
  ASSERT_TRUE(HasStatus(stranger_me, 200));
  EXPECT_NE(StringAt(stranger_me.json(), "id"), phone_id);
}

TEST_F(HttpOidc, ExpiredTokenIsRefused) {
  std::string email = UniqueEmail("expired");
  TokenRequest request;
  request.lifetime_seconds = -3600;
  EXPECT_TRUE(RefusedAndNobodyCreated(Deployment().TokenFor(email, request), email));
}

TEST_F(HttpOidc, TokenForAnotherAudienceIsRefused) {
  std::string email = UniqueEmail("audience");
  TokenRequest request;
  request.audience = "some-other-api";
  EXPECT_TRUE(RefusedAndNobodyCreated(Deployment().TokenFor(email, request), email));
}

TEST_F(HttpOidc, TokenOfAnIssuerThatIsNotConfiguredIsRefused) {
  OidcProvider stranger;
  std::string email = UniqueEmail("issuer");
  TokenRequest request{kAudience, "subject-" + email, email};
  EXPECT_TRUE(RefusedAndNobodyCreated(stranger.Token(request), email));
  EXPECT_EQ(stranger.DiscoveryRequests(), 0);  // its keys were never asked for
}

TEST_F(HttpOidc, TokenWithAClaimChangedAfterSigningIsRefused) {
  std::string email = UniqueEmail("tampered");
  std::string token = Deployment().TokenFor(UniqueEmail("victim"));
  boost::json::object claims = ClaimsOf(token);
  claims["sub"] = "subject-" + email;
  claims["email"] = email;
  std::string tampered = CompactJws(HeaderOf(token), claims, jwt::Parse(token)->signature);
  EXPECT_TRUE(RefusedAndNobodyCreated(tampered, email));
}

TEST_F(HttpOidc, UnsignedTokenWithAlgNoneIsRefused) {
  std::string email = UniqueEmail("none");
  boost::json::object claims = ClaimsOf(Deployment().TokenFor(email));
  boost::json::object header{{"alg", "none"}, {"typ", "JWT"}};
  EXPECT_TRUE(RefusedAndNobodyCreated(CompactJws(header, claims, ""), email));
  header["kid"] = HeaderOf(Deployment().TokenFor(email)).at("kid");
  EXPECT_TRUE(RefusedAndNobodyCreated(CompactJws(header, claims, ""), email));
}

TEST_F(HttpOidc, Hs256TokenWithThePublicKeyAsSecretIsRefused) {
  std::string email = UniqueEmail("hs256");
  std::string token = Deployment().TokenFor(email);
  std::string kid(HeaderOf(token).at("kid").as_string());
  // The published key, as the PEM text a confused verifier would use as an HMAC secret.
  std::optional<jwks::KeySet> keys = jwks::ParseKeySet(Deployment().provider().Jwks());
  ASSERT_TRUE(keys && keys->count(kid));
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PUBKEY(bio, keys->at(kid)->key.get()), 1);
  char* pem_data = nullptr;
  long pem_length = BIO_get_mem_data(bio, &pem_data);
  std::string pem(pem_data, pem_length);
  BIO_free(bio);

  boost::json::object header{{"alg", "HS256"}, {"typ", "JWT"}, {"kid", kid}};
  std::string input = jwt::Base64UrlEncode(boost::json::serialize(header)) + "." +
                      jwt::Base64UrlEncode(boost::json::serialize(ClaimsOf(token)));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), pem.data(), static_cast<int>(pem.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_length);
  std::string forged =
      input + "." + jwt::Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), mac_length));
  EXPECT_TRUE(RefusedAndNobodyCreated(forged, email));
}

TEST_F(HttpOidc, LocalTokensAreRefused) {
  TempDir local_installation;
  std::string email = UniqueEmail("local");
  EXPECT_TRUE(RefusedAndNobodyCreated(CreateToken(local_installation.path(), email), email));
}

TEST_F(HttpOidc, AdminGroupMembersReachTheAdminRoutesAndOthersAreForbidden) {
  TokenRequest operator_request;
  operator_request.groups = {"staff", "admin"};
  ApiClient root =
      Deployment().Client(Deployment().TokenFor(UniqueEmail("operator"), operator_request));
  EXPECT_TRUE(HasStatus(root.get("/api/v1/admin/users"), 200));

  TokenRequest member_request;
  member_request.groups = {"staff"};
  ApiClient member =
      Deployment().Client(Deployment().TokenFor(UniqueEmail("member"), member_request));
  EXPECT_TRUE(IsError(member.get("/api/v1/admin/users"), 403, "FORBIDDEN"));
  EXPECT_TRUE(IsError(
      Deployment().Client(Deployment().TokenFor(UniqueEmail("plain"))).get("/api/v1/admin/users"),
      403, "FORBIDDEN"));
}

TEST_F(HttpOidc, TokenCreateRefusesToMintLocalTokens) {
  CommandResult r = RunCommand({"token", "create", "--email", UniqueEmail("cli")},
                               Deployment().server().data_dir(), Deployment().environment());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.stdout_text.empty()) << r.stdout_text;
  EXPECT_NE(r.stderr_text.find("AUTH_MODE=oidc"), std::string::npos) << r.stderr_text;
}

// The tests below change or count what the provider serves: each has a deployment of its own.

TEST(HttpOidcKeys, RotatedKeyIsAcceptedOnceTheServerRefetchesTheJwks) {
  OidcDeployment deployment;
  std::string email = UniqueEmail("rotation");
  EXPECT_TRUE(HasStatus(deployment.Client(deployment.TokenFor(email)).get("/api/v1/auth/me"), 200));
  EXPECT_EQ(deployment.provider().JwksRequests(), 1);

  deployment.provider().StageKey();
  TokenRequest request{kAudience, "subject-" + email, email};
  std::string rotated = deployment.provider().StagedKeyToken(request);
  deployment.provider().PublishStagedKey();
  HttpResponse me = deployment.Client(rotated).get("/api/v1/auth/me");
  ASSERT_TRUE(HasStatus(me, 200));
  EXPECT_EQ(StringAt(me.json(), "email"), email);
  EXPECT_EQ(deployment.provider().JwksRequests(), 2);
}

TEST(HttpOidcKeys, TokensWithInventedKidsCauseAtMostOneRefetch) {
  OidcDeployment deployment;
  std::string email = UniqueEmail("flood");
  std::string token = deployment.TokenFor(email);
  ApiClient good = deployment.Client(token);
  ASSERT_TRUE(HasStatus(good.get("/api/v1/auth/me"), 200));
  ASSERT_EQ(deployment.provider().JwksRequests(), 1);

  for (int i = 0; i < 25; ++i) {
    boost::json::object header = HeaderOf(token);
    header["kid"] = "invented-" + std::to_string(i);
    std::string invented = CompactJws(header, ClaimsOf(token), jwt::Parse(token)->signature);
    EXPECT_TRUE(
        IsError(deployment.Client(invented).get("/api/v1/auth/me"), 401, "AUTHENTICATION_ERROR"));
  }
  EXPECT_EQ(deployment.provider().JwksRequests(), 2);
  EXPECT_TRUE(HasStatus(good.get("/api/v1/auth/me"), 200));
  EXPECT_TRUE(HasStatus(
      deployment.Client(deployment.TokenFor(UniqueEmail("next"))).get("/api/v1/auth/me"), 200));
  EXPECT_EQ(deployment.provider().JwksRequests(), 2);
  EXPECT_EQ(deployment.provider().DiscoveryRequests(), 2);
}

TEST(HttpOidcKeys, ProviderThatCannotBeReachedIsServiceUnavailableNotUnauthorized) {
  OidcDeployment deployment;
  std::string email = UniqueEmail("outage");
  std::string token = deployment.TokenFor(email);
  deployment.provider().Stop();
  EXPECT_TRUE(IsError(deployment.Client(token).get("/api/v1/auth/me"), 503, "SERVICE_UNAVAILABLE"));
  EXPECT_EQ(deployment.UserList().find(email), std::string::npos);
}

}  // namespace
}  // namespace chronotrail::testing
