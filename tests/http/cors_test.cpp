// CORS: browsers on the origins in CORS_ORIGINS may call the API; no other origin is let in.
#include <gtest/gtest.h>

#include <string>

#include "support/api_assertions.h"
#include "support/shared_server_test.h"
#include "support/text.h"

namespace chronotrail::testing {
namespace {

constexpr const char* kAppOrigin = "https://app.example.com";
constexpr const char* kAdminOrigin = "https://admin.example.com";
constexpr const char* kOtherOrigin = "https://evil.example.net";

class HttpCors : public SharedServerTest<HttpCors> {
 public:
  static Environment ServerEnvironment() {
    return {{"CORS_ORIGINS", std::string(kAppOrigin) + "," + kAdminOrigin}};
  }

 protected:
  // What a browser sends before a cross-origin POST with a token and a JSON body.
  static HttpResponse Preflight(ApiClient& client, const std::string& origin) {
    return client.send(http::verb::options, "/api/v1/notes", {},
                       {{"Origin", origin},
                        {"Access-Control-Request-Method", "POST"},
                        {"Access-Control-Request-Headers", "authorization, content-type"}});
  }
};

TEST_F(HttpCors, PreflightFromAnAllowedOriginIsAnsweredWith204) {
  ApiClient browser = Anonymous();  // Browsers send preflights without credentials.
  HttpResponse response = Preflight(browser, kAppOrigin);
  EXPECT_TRUE(HasStatus(response, 204));
  EXPECT_EQ(response.header("Access-Control-Allow-Origin"), kAppOrigin);
  EXPECT_NE(response.header("Access-Control-Allow-Methods").find("POST"), std::string::npos)
      << response.header("Access-Control-Allow-Methods");
  std::string allowed_headers = Lower(response.header("Access-Control-Allow-Headers"));
  EXPECT_NE(allowed_headers.find("authorization"), std::string::npos) << allowed_headers;
  EXPECT_NE(allowed_headers.find("content-type"), std::string::npos) << allowed_headers;
  EXPECT_TRUE(response.has_header("X-Request-Id"));
}

TEST_F(HttpCors, EveryOriginOfTheListIsAllowed) {
  ApiClient browser = Anonymous();
  HttpResponse response = Preflight(browser, kAdminOrigin);
  EXPECT_TRUE(HasStatus(response, 204));
  EXPECT_EQ(response.header("Access-Control-Allow-Origin"), kAdminOrigin);
}

TEST_F(HttpCors, RequestFromAnAllowedOriginMayBeReadByThePage) {
  ApiClient browser = Anonymous();
  HttpResponse response = browser.get("/health", {{"Origin", kAppOrigin}});
  EXPECT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(response.header("Access-Control-Allow-Origin"), kAppOrigin);
}

TEST_F(HttpCors, AuthenticatedRequestFromAnAllowedOriginMayBeReadByThePage) {
  ApiClient ana = NewUser();
  HttpResponse response = ana.get("/api/v1/notes", {{"Origin", kAppOrigin}});
  EXPECT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(response.header("Access-Control-Allow-Origin"), kAppOrigin);
}

TEST_F(HttpCors, RequestFromAnotherOriginGetsNoAllowOrigin) {
  ApiClient browser = Anonymous();
  HttpResponse response = browser.get("/health", {{"Origin", kOtherOrigin}});
  EXPECT_TRUE(HasStatus(response, 200));  // Same-origin policy is the browser's job, not ours.
  EXPECT_FALSE(response.has_header("Access-Control-Allow-Origin"))
      << response.header("Access-Control-Allow-Origin");
}

TEST_F(HttpCors, PreflightFromAnotherOriginGetsNoAllowOrigin) {
  ApiClient browser = Anonymous();
  HttpResponse response = Preflight(browser, kOtherOrigin);
  EXPECT_LT(response.status, 500) << Describe(response);
  EXPECT_FALSE(response.has_header("Access-Control-Allow-Origin"))
      << response.header("Access-Control-Allow-Origin");
}

TEST_F(HttpCors, RequestWithoutOriginGetsNoAllowOrigin) {
  HttpResponse response = Anonymous().get("/health");
  EXPECT_FALSE(response.has_header("Access-Control-Allow-Origin"));
}

}  // namespace
}  // namespace chronotrail::testing
