// /api/v1/admin: operators (tokens minted with --admin) list users and change subscriptions.
#include <gtest/gtest.h>

#include "support/api_assertions.h"
#include "support/api_client.h"
#include "support/json_access.h"
#include "support/server_process.h"

namespace chronotrail::testing {
namespace {

class HttpAdmin : public ::testing::Test {
 protected:
  // A token with the operator role for a new user.
  ApiClient Operator() {
    std::string email = UniqueEmail("operator");
    CommandResult r =
        RunCommand({"token", "create", "--email", email, "--admin"}, server_.data_dir());
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    std::string token = r.stdout_text.substr(0, r.stdout_text.find('\n'));
    return ApiClient(server_.port(), token, email);
  }
  ApiClient Member(const char* tier = "free") {
    std::string email = UniqueEmail();
    return ApiClient(server_.port(), server_.create_token(email, tier), email);
  }
  static std::string IdOf(ApiClient& client) {
    return StringAt(client.get("/api/v1/auth/me").json(), "id");
  }

  ServerProcess server_;
};

TEST_F(HttpAdmin, OnlyOperatorsReachTheAdminRoutes) {
  ApiClient ana = Member();
  EXPECT_TRUE(IsError(ana.get("/api/v1/admin/users"), 403, "FORBIDDEN"));
  EXPECT_TRUE(IsError(ana.patch("/api/v1/admin/users/" + IdOf(ana),
                                boost::json::object{{"subscription_tier", "pro"}}),
                      403, "FORBIDDEN"));
  EXPECT_TRUE(IsError(ApiClient(server_.port(), "").get("/api/v1/admin/users"), 401,
                      "AUTHENTICATION_ERROR"));
  // The refused request changed nothing.
  EXPECT_EQ(StringAt(ana.get("/api/v1/auth/me").json(), "subscription_tier"), "free");
}

TEST_F(HttpAdmin, AnOperatorListsEveryUserWithTheTierInForce) {
  ApiClient ana = Member("premium");
  ApiClient root = Operator();
  HttpResponse list = root.get("/api/v1/admin/users");
  ASSERT_TRUE(HasStatus(list, 200));
  boost::json::value body = list.json();
  bool found = false;
  for (const auto& item : At(body, "users").as_array()) {
    if (StringAt(item, "user.email") == ana.email()) {
      found = true;
      EXPECT_EQ(StringAt(item, "tier_in_force"), "premium");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(HttpAdmin, AnOperatorChangesTierAndExpiryAndTheLimitsFollow) {
  ApiClient ana = Member("free");
  ApiClient root = Operator();
  std::string path = "/api/v1/admin/users/" + IdOf(ana);
  HttpResponse changed = root.patch(path, boost::json::object{{"subscription_tier", "premium"}});
  ASSERT_TRUE(HasStatus(changed, 200));
  EXPECT_EQ(StringAt(changed.json(), "tier_in_force"), "premium");
  EXPECT_EQ(StringAt(ana.get("/api/v1/subscription").json(), "tier"), "premium");

  HttpResponse expired =
      root.patch(path, boost::json::object{{"subscription_expires_at", "2020-01-01T00:00:00Z"}});
  ASSERT_TRUE(HasStatus(expired, 200));
  EXPECT_EQ(StringAt(expired.json(), "tier_in_force"), "free");
  EXPECT_EQ(StringAt(expired.json(), "user.subscription_tier"), "premium");
}

TEST_F(HttpAdmin, BadChangesAreRejectedAndUnknownUsersAreNotFound) {
  ApiClient ana = Member();
  ApiClient root = Operator();
  std::string path = "/api/v1/admin/users/" + IdOf(ana);
  EXPECT_TRUE(IsValidationErrorOn(
      root.patch(path, boost::json::object{{"subscription_tier", "gold"}}), {"subscription_tier"}));
  EXPECT_TRUE(IsError(root.patch("/api/v1/admin/users/00000000-0000-4000-8000-000000000000",
                                 boost::json::object{{"subscription_tier", "pro"}}),
                      404, "NOT_FOUND"));
  EXPECT_EQ(StringAt(ana.get("/api/v1/auth/me").json(), "subscription_tier"), "free");
}

}  // namespace
}  // namespace chronotrail::testing
