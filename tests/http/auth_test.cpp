// Who may call /api/v1: bearer tokens issued by this server's `token create`, and nobody else;
// and the caller's own profile at /api/v1/auth/me.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <string>

#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

constexpr const char* kSomeId = "3f1c2a7e-8b4d-4c5e-9f6a-0b1c2d3e4f5a";

class HttpAuth : public SharedServerTest<HttpAuth> {
 protected:
  // A 401 as API.md describes it, including the challenge that tells a client which scheme to use.
  static ::testing::AssertionResult IsBearerChallenge(const HttpResponse& response) {
    ::testing::AssertionResult error = IsError(response, 401, "AUTHENTICATION_ERROR");
    if (!error) return error;
    if (!response.header("WWW-Authenticate").starts_with("Bearer")) {
      return ::testing::AssertionFailure()
             << "WWW-Authenticate is \"" << response.header("WWW-Authenticate") << "\"";
    }
    return ::testing::AssertionSuccess();
  }

  static HttpResponse WithAuthorization(const std::string& value, std::string_view target) {
    return Anonymous().get(target, {{"Authorization", value}});
  }
};

TEST_F(HttpAuth, EveryProtectedRouteWithoutATokenIsUnauthorizedWithABearerChallenge) {
  ApiClient anonymous = Anonymous();
  const std::string some_note = std::string("/api/v1/notes/") + kSomeId;
  const std::string some_visit = std::string("/api/v1/locations/") + kSomeId;
  for (const std::string& target :
       {std::string("/api/v1/auth/me"), std::string("/api/v1/locations"),
        std::string("/api/v1/notes"), some_note, some_visit}) {
    SCOPED_TRACE(target);
    EXPECT_TRUE(IsBearerChallenge(anonymous.get(target)));
  }
  SCOPED_TRACE("writes");
  EXPECT_TRUE(IsBearerChallenge(anonymous.post(
      "/api/v1/notes", {{"text_content", "hi"}, {"timestamp", "2024-03-12T09:14:00Z"}})));
  EXPECT_TRUE(IsBearerChallenge(anonymous.patch("/api/v1/auth/me", {{"display_name", "Eve"}})));
  EXPECT_TRUE(IsBearerChallenge(anonymous.del(some_note)));
}

TEST_F(HttpAuth, GarbageTokensAreUnauthorized) {
  for (const char* token : {"not-a-token", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.AAAAAAAAAAAAAAAA"}) {
    SCOPED_TRACE(token);
    EXPECT_TRUE(
        IsBearerChallenge(WithAuthorization(std::string("Bearer ") + token, "/api/v1/auth/me")));
  }
}

TEST_F(HttpAuth, BearerSchemeWithoutATokenIsUnauthorized) {
  EXPECT_TRUE(IsBearerChallenge(WithAuthorization("Bearer", "/api/v1/auth/me")));
  EXPECT_TRUE(IsBearerChallenge(WithAuthorization("Bearer ", "/api/v1/auth/me")));
}

TEST_F(HttpAuth, BasicCredentialsAreUnauthorizedWithABearerChallenge) {
  EXPECT_TRUE(IsBearerChallenge(WithAuthorization("Basic YW5hOnNlY3JldA==", "/api/v1/auth/me")));
}

TEST_F(HttpAuth, TokenSignedByAnotherDataDirectorysKeyIsUnauthorized) {
  TempDir other_installation;
  std::string foreign_token = CreateToken(other_installation.path(), UniqueEmail());
  EXPECT_TRUE(IsBearerChallenge(WithAuthorization("Bearer " + foreign_token, "/api/v1/auth/me")));
}

TEST_F(HttpAuth, TokenWithOneCharacterChangedIsUnauthorized) {
  std::string token = NewUser().token();
  // A character in the middle whose neighbours are also token characters, so the change lands
  // in signed content rather than in the unused low bits at the end of a base64 segment.
  std::size_t position = token.size() / 2;
  while (position + 1 < token.size() &&
         !(std::isalnum(static_cast<unsigned char>(token[position])) &&
           std::isalnum(static_cast<unsigned char>(token[position + 1])))) {
    ++position;
  }
  token[position] = token[position] == 'a' ? 'b' : 'a';
  EXPECT_TRUE(IsBearerChallenge(WithAuthorization("Bearer " + token, "/api/v1/auth/me")));
}

TEST_F(HttpAuth, ProfileOfANewUserHasEveryFieldWithItsDefault) {
  std::string email = UniqueEmail();  // created without --tier: the default tier
  ApiClient ana(server().port(), server().create_token(email), email);
  HttpResponse response = ana.get("/api/v1/auth/me");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_TRUE(response.header("Content-Type").starts_with("application/json"));
  boost::json::value profile = response.json();
  EXPECT_TRUE(IsLowerCaseUuid(At(profile, "id")));
  EXPECT_EQ(StringAt(profile, "email"), ana.email());
  EXPECT_TRUE(At(profile, "display_name").is_null());
  EXPECT_EQ(StringAt(profile, "subscription_tier"), "free");
  EXPECT_TRUE(At(profile, "subscription_expires_at").is_null());
  EXPECT_TRUE(At(profile, "timezone").is_null());
  EXPECT_EQ(StringAt(profile, "oauth_provider"), "local");
  EXPECT_TRUE(At(profile, "profile_picture_url").is_null());
  EXPECT_TRUE(IsIsoUtc(At(profile, "created_at")));
  EXPECT_TRUE(IsIsoUtc(At(profile, "updated_at")));
}

TEST_F(HttpAuth, TokenCreatedWithATierGivesAProfileOfThatTier) {
  for (const char* tier : {"free", "premium", "pro"}) {
    SCOPED_TRACE(tier);
    HttpResponse response = NewUser(tier).get("/api/v1/auth/me");
    ASSERT_TRUE(HasStatus(response, 200));
    EXPECT_EQ(StringAt(response.json(), "subscription_tier"), tier);
  }
}

TEST_F(HttpAuth, TokensCreatedForTheSameEmailActAsTheSameUser) {
  std::string email = UniqueEmail();
  ApiClient phone(server().port(), server().create_token(email), email);
  ApiClient laptop(server().port(), server().create_token(email), email);
  ASSERT_NE(phone.token(), laptop.token());

  boost::json::object note = {{"text_content", "written on the phone"},
                              {"timestamp", "2024-03-12T09:14:00Z"}};
  HttpResponse created = phone.post("/api/v1/notes", note);
  ASSERT_TRUE(HasStatus(created, 201));
  HttpResponse phone_me = phone.get("/api/v1/auth/me");
  HttpResponse laptop_me = laptop.get("/api/v1/auth/me");
  ASSERT_TRUE(HasStatus(laptop_me, 200));
  EXPECT_EQ(StringAt(laptop_me.json(), "id"), StringAt(phone_me.json(), "id"));
  EXPECT_TRUE(HasStatus(laptop.get("/api/v1/notes/" + StringAt(created.json(), "id")), 200));
}

TEST_F(HttpAuth, PatchSetsDisplayNameAndTimeZone) {
  ApiClient ana = NewUser();
  HttpResponse response =
      ana.patch("/api/v1/auth/me", {{"display_name", "Ana Lima"}, {"timezone", "Europe/Lisbon"}});
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::value patched = response.json();
  EXPECT_EQ(StringAt(patched, "display_name"), "Ana Lima");
  EXPECT_EQ(StringAt(patched, "timezone"), "Europe/Lisbon");
  EXPECT_EQ(StringAt(patched, "email"), ana.email());

  boost::json::value stored = ana.get("/api/v1/auth/me").json();
  EXPECT_EQ(StringAt(stored, "display_name"), "Ana Lima");
  EXPECT_EQ(StringAt(stored, "timezone"), "Europe/Lisbon");
}

TEST_F(HttpAuth, PatchKeepsTheFieldsItDoesNotMention) {
  ApiClient ana = NewUser();
  ASSERT_TRUE(HasStatus(
      ana.patch("/api/v1/auth/me", {{"display_name", "Ana"}, {"timezone", "Europe/Lisbon"}}), 200));
  HttpResponse response = ana.patch("/api/v1/auth/me", {{"display_name", "Ana Lima"}});
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(StringAt(response.json(), "display_name"), "Ana Lima");
  EXPECT_EQ(StringAt(response.json(), "timezone"), "Europe/Lisbon");
}

TEST_F(HttpAuth, PatchWithNullClearsTheField) {
  ApiClient ana = NewUser();
  ASSERT_TRUE(HasStatus(
      ana.patch("/api/v1/auth/me", {{"display_name", "Ana"}, {"timezone", "Europe/Lisbon"}}), 200));
  HttpResponse response = ana.patch("/api/v1/auth/me", {{"timezone", nullptr}});
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_TRUE(At(response.json(), "timezone").is_null());
  EXPECT_EQ(StringAt(response.json(), "display_name"), "Ana");
  EXPECT_TRUE(At(ana.get("/api/v1/auth/me").json(), "timezone").is_null());
}

TEST_F(HttpAuth, UnknownTimeZoneIsRejectedAndChangesNothing) {
  ApiClient ana = NewUser();
  ASSERT_TRUE(HasStatus(ana.patch("/api/v1/auth/me", {{"timezone", "Europe/Lisbon"}}), 200));
  EXPECT_TRUE(IsValidationErrorOn(ana.patch("/api/v1/auth/me", {{"timezone", "Mars/Olympus"}}),
                                  {"timezone"}));
  EXPECT_EQ(StringAt(ana.get("/api/v1/auth/me").json(), "timezone"), "Europe/Lisbon");
}

TEST_F(HttpAuth, DisplayNameMayHave255CharactersButNotMore) {
  ApiClient ana = NewUser();
  EXPECT_TRUE(
      HasStatus(ana.patch("/api/v1/auth/me", {{"display_name", std::string(255, 'a')}}), 200));
  EXPECT_TRUE(IsValidationErrorOn(
      ana.patch("/api/v1/auth/me", {{"display_name", std::string(256, 'a')}}), {"display_name"}));
}

}  // namespace
}  // namespace chronotrail::testing
