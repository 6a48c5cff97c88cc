#include "services/auth/jwt.h"

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>

#include "core/error.h"
#include "services/auth/local_issuer.h"

namespace chronotrail {
namespace {

TEST(Base64Url, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(jwt::Base64UrlDecode(jwt::Base64UrlEncode(bytes)), bytes);
    bytes.push_back(static_cast<char>(i * 37));
  }
  EXPECT_EQ(jwt::Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(jwt::Base64UrlDecode("ab=="));
  EXPECT_FALSE(jwt::Base64UrlDecode("a"));
  EXPECT_FALSE(jwt::Base64UrlDecode("a+b/"));
}

TEST(JwtParse, RejectsWhatIsNotThreeParts) {
  EXPECT_FALSE(jwt::Parse(""));
  EXPECT_FALSE(jwt::Parse("a.b"));
  EXPECT_FALSE(jwt::Parse("a.b.c.d"));
  EXPECT_FALSE(jwt::Parse("!!.e30.x"));
  std::string not_object = jwt::Base64UrlEncode("[1]");
  EXPECT_FALSE(jwt::Parse(not_object + "." + not_object + "."));
  EXPECT_TRUE(jwt::Parse(jwt::Base64UrlEncode("{}") + "." + jwt::Base64UrlEncode("{}") + "."));
}

TEST(JwtClaims, ChecksIssuerAudienceSubjectAndTimes) {
  jwt::ClaimRules rules{"iss-a", "aud-a", 1000 * kMicrosPerSecond, 60};
  boost::json::object good{{"iss", "iss-a"}, {"aud", "aud-a"}, {"sub", "u"}, {"exp", 2000}};
  EXPECT_FALSE(jwt::CheckClaims(good, rules));

  auto with = [&](const char* key, boost::json::value v) {
    boost::json::object c = good;
    c[key] = std::move(v);
    return jwt::CheckClaims(c, rules);
  };
  EXPECT_TRUE(with("iss", "iss-b"));
  EXPECT_TRUE(with("aud", "aud-b"));
  EXPECT_FALSE(with("aud", boost::json::array{"x", "aud-a"}));
  EXPECT_TRUE(with("sub", ""));
  EXPECT_TRUE(with("exp", 900));     // expired beyond the leeway
  EXPECT_FALSE(with("exp", 950));    // within the 60 s leeway
  EXPECT_TRUE(with("exp", "2000"));  // not a number
  EXPECT_TRUE(with("nbf", 1100));    // not valid yet
  boost::json::object no_exp = good;
  no_exp.erase("exp");
  EXPECT_TRUE(jwt::CheckClaims(no_exp, rules));
}

class LocalIssuerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/issuer-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    issuer_ = LocalIssuer::Open(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Re-signs `token`'s header and claims as given, keeping its signature part unchanged.
  static std::string Forge(boost::json::object header, boost::json::object claims,
                           std::string signature) {
    return jwt::Base64UrlEncode(boost::json::serialize(header)) + "." +
           jwt::Base64UrlEncode(boost::json::serialize(claims)) + "." +
           jwt::Base64UrlEncode(signature);
  }

  std::string dir_;
  std::unique_ptr<LocalIssuer> issuer_;
  Micros now_ = 1'700'000'000 * kMicrosPerSecond;
};

TEST_F(LocalIssuerTest, VerifiesWhatItMinted) {
  std::string token = issuer_->Mint("user-1", "ana@example.com", now_, 3600);
  Identity id = issuer_->Verify(token, now_ + 10 * kMicrosPerSecond);
  EXPECT_EQ(id.subject, "user-1");
  EXPECT_EQ(id.issuer, kLocalIssuer);
  EXPECT_EQ(id.email, "ana@example.com");
}

TEST_F(LocalIssuerTest, KeepsItsKeyAcrossRestarts) {
  std::string token = issuer_->Mint("user-1", "a@b.c", now_, 3600);
  auto reopened = LocalIssuer::Open(dir_);
  EXPECT_NO_THROW(reopened->Verify(token, now_));
  auto mode = std::filesystem::status(dir_ + "/keys/local-issuer.pem").permissions();
  EXPECT_EQ(mode & std::filesystem::perms::group_all, std::filesystem::perms::none);
  EXPECT_EQ(mode & std::filesystem::perms::others_all, std::filesystem::perms::none);
}

TEST_F(LocalIssuerTest, RejectsExpiredTamperedAndForeignTokens) {
  std::string token = issuer_->Mint("user-1", "a@b.c", now_, 3600);
  EXPECT_THROW(issuer_->Verify(token, now_ + 3700 * kMicrosPerSecond), ApiError);

  auto jws = *jwt::Parse(token);
  boost::json::object claims = jws.claims;
  claims["sub"] = "user-2";
  EXPECT_THROW(issuer_->Verify(Forge(jws.header, claims, jws.signature), now_), ApiError);

  auto other = LocalIssuer::Open(dir_ + "-other");
  EXPECT_THROW(issuer_->Verify(other->Mint("user-1", "a@b.c", now_, 3600), now_), ApiError);
  std::filesystem::remove_all(dir_ + "-other");
}

TEST_F(LocalIssuerTest, RejectsAlgNoneAndHmacTokens) {
  auto jws = *jwt::Parse(issuer_->Mint("user-1", "a@b.c", now_, 3600));
  boost::json::object none = jws.header;
  none["alg"] = "none";
  EXPECT_THROW(issuer_->Verify(Forge(none, jws.claims, ""), now_), ApiError);

  boost::json::object hs = jws.header;
  hs["alg"] = "HS256";
  std::string input = jwt::Base64UrlEncode(boost::json::serialize(hs)) + "." +
                      jwt::Base64UrlEncode(boost::json::serialize(jws.claims));
  unsigned char mac[32];
  unsigned len = 0;
  HMAC(EVP_sha256(), "key", 3, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
       mac, &len);
  std::string forged = input + "." + jwt::Base64UrlEncode(std::string((char*)mac, len));
  EXPECT_THROW(issuer_->Verify(forged, now_), ApiError);
  EXPECT_THROW(issuer_->Verify("not a token", now_), ApiError);
}

}  // namespace
}  // namespace chronotrail
