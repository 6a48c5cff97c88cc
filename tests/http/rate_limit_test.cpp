// Rate limits through the real server: per user, per address, failed authentication.
#include <gtest/gtest.h>

#include "support/api_assertions.h"
#include "support/api_client.h"
#include "support/server_process.h"

namespace chronotrail::testing {
namespace {

TEST(HttpRateLimit, AUserPastTheBurstGets429WithRetryAfter) {
  ServerProcess server(
      Environment{{"RATE_LIMIT_REQUESTS_PER_MINUTE", "60"}, {"RATE_LIMIT_BURST", "3"}});
  std::string email = UniqueEmail();
  ApiClient ana(server.port(), server.create_token(email, "pro"), email);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(HasStatus(ana.get("/api/v1/notes"), 200));
  HttpResponse refused = ana.get("/api/v1/notes");
  ASSERT_TRUE(IsError(refused, 429, "RATE_LIMITED"));
  EXPECT_EQ(refused.header("Retry-After"), "1");
  // Unauthenticated routes are exempt.
  EXPECT_TRUE(HasStatus(ApiClient(server.port(), "").get("/health"), 200));
}

TEST(HttpRateLimit, FailedAuthenticationsAreLimitedPerAddress) {
  ServerProcess server(Environment{{"AUTH_FAILURES_PER_MINUTE", "2"}});
  ApiClient guesser(server.port(), "not-a-token");
  EXPECT_TRUE(IsError(guesser.get("/api/v1/auth/me"), 401, "AUTHENTICATION_ERROR"));
  EXPECT_TRUE(IsError(guesser.get("/api/v1/auth/me"), 401, "AUTHENTICATION_ERROR"));
  HttpResponse refused = guesser.get("/api/v1/auth/me");
  EXPECT_TRUE(IsError(refused, 429, "RATE_LIMITED"));
  EXPECT_FALSE(refused.header("Retry-After").empty());
}

TEST(HttpRateLimit, OffByDefault) {
  ServerProcess server;
  std::string email = UniqueEmail();
  ApiClient ana(server.port(), server.create_token(email, "pro"), email);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(HasStatus(ana.get("/api/v1/notes"), 200));
}

}  // namespace
}  // namespace chronotrail::testing
