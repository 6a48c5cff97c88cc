// The routes that need no credentials: identity, health, metrics, API description, and the
// request id and log line that every response gets.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <sstream>
#include <string>

#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/shared_server_test.h"
#include "support/text.h"

namespace chronotrail::testing {
namespace {

class HttpSystemRoutes : public SharedServerTest<HttpSystemRoutes> {};

// The log line of the request that got `request_id`, or null when there is none yet.
boost::json::value RequestLogLine(const std::string& log, const std::string& request_id) {
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    boost::system::error_code ec;
    boost::json::value entry = boost::json::parse(line, ec);
    if (!ec && entry.is_object() && Has(entry, "request_id") &&
        At(entry, "request_id") == boost::json::value(request_id)) {
      return entry;
    }
  }
  return nullptr;
}

TEST_F(HttpSystemRoutes, RootNamesTheServiceItsVersionAndWhereTheDocsAre) {
  HttpResponse response = Anonymous().get("/");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_TRUE(response.header("Content-Type").starts_with("application/json"));
  boost::json::value body = response.json();
  EXPECT_EQ(StringAt(body, "name"), "ChronoTrail");
  EXPECT_EQ(StringAt(body, "version"), CHRONOTRAIL_VERSION);
  EXPECT_FALSE(StringAt(body, "docs_url").empty());
}

TEST_F(HttpSystemRoutes, ApiRootSaysVersionOneIsActive) {
  HttpResponse response = Anonymous().get("/api/v1");
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::value body = response.json();
  EXPECT_EQ(StringAt(body, "message"), "ChronoTrail API v1");
  EXPECT_EQ(StringAt(body, "status"), "active");
}

TEST_F(HttpSystemRoutes, HealthSaysHealthyWithVersionAndCurrentTime) {
  HttpResponse response = Anonymous().get("/health");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_TRUE(response.header("Content-Type").starts_with("application/json"));
  boost::json::value body = response.json();
  EXPECT_EQ(StringAt(body, "status"), "healthy");
  EXPECT_EQ(StringAt(body, "version"), CHRONOTRAIL_VERSION);
  EXPECT_TRUE(IsIsoUtc(At(body, "timestamp")));
}

TEST_F(HttpSystemRoutes, ReadinessReportsTheDatabaseOk) {
  HttpResponse response = Anonymous().get("/health/ready");
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::value body = response.json();
  EXPECT_EQ(StringAt(body, "status"), "ready");
  EXPECT_EQ(StringAt(body, "checks.database"), "ok");
}

TEST_F(HttpSystemRoutes, HeadAnswersLikeGetWithoutABody) {
  ApiClient client = Anonymous();
  for (const char* target : {"/health", "/", "/api/v1", "/health/ready"}) {
    SCOPED_TRACE(target);
    HttpResponse response = client.send(http::verb::head, target, {});
    EXPECT_TRUE(HasStatus(response, 200));
    EXPECT_EQ(response.body, "");
    EXPECT_TRUE(response.has_header("X-Request-Id"));
  }
  // The connection is still in step: a HEAD answer with a body would corrupt the next response.
  EXPECT_TRUE(HasStatus(client.get("/health"), 200));
}

TEST_F(HttpSystemRoutes, HeadAlsoWorksOnAuthenticatedRoutes) {
  ApiClient ana = NewUser();
  for (const char* target : {"/api/v1/notes", "/api/v1/locations", "/api/v1/auth/me"}) {
    SCOPED_TRACE(target);
    HttpResponse response = ana.send(http::verb::head, target, {});
    EXPECT_TRUE(HasStatus(response, 200));
    EXPECT_EQ(response.body, "");
  }
  HttpResponse anonymous = Anonymous().send(http::verb::head, "/api/v1/notes", {});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body, "");
}

TEST_F(HttpSystemRoutes, MetricsCountRequestsInPrometheusTextFormat) {
  ApiClient client = Anonymous();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(HasStatus(client.get("/health"), 200));

  HttpResponse response = client.get("/metrics");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_TRUE(response.header("Content-Type").starts_with("text/plain"))
      << response.header("Content-Type");
  static const std::regex kSample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ([-+]?[0-9.eE+-]+|NaN|[-+]Inf)( -?\d+)?)");
  double counted_requests = 0;
  std::istringstream lines(response.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.starts_with("#")) continue;
    std::smatch sample;
    ASSERT_TRUE(std::regex_match(line, sample, kSample)) << "not a Prometheus sample: " << line;
    std::string name = sample[1].str();
    if (name.find("request") != std::string::npos && name.ends_with("_total")) {
      counted_requests += std::stod(sample[3].str());
    }
  }
  EXPECT_GE(counted_requests, 3) << "no *request*_total counter reached 3:\n" << response.body;
}

TEST_F(HttpSystemRoutes, OpenApiDocumentDescribesTheRecordRoutes) {
  HttpResponse response = Anonymous().get("/openapi.json");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_TRUE(response.header("Content-Type").starts_with("application/json"));
  boost::json::value document = response.json();
  EXPECT_TRUE(StringAt(document, "openapi").starts_with("3.0"));
  ASSERT_TRUE(At(document, "paths").is_object());
  EXPECT_TRUE(At(document, "paths").get_object().contains("/api/v1/locations"));
  EXPECT_TRUE(At(document, "paths").get_object().contains("/api/v1/notes"));
}

TEST_F(HttpSystemRoutes, OpenApiDocumentIsAlsoServedUnderApiV1) {
  ApiClient client = Anonymous();
  HttpResponse top = client.get("/openapi.json");
  HttpResponse versioned = client.get("/api/v1/openapi.json");
  ASSERT_TRUE(HasStatus(versioned, 200));
  EXPECT_EQ(versioned.json(), top.json());
}

TEST_F(HttpSystemRoutes, DocsPageIsHtmlThatLoadsNothingFromElsewhere) {
  HttpResponse response = Anonymous().get("/docs");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_TRUE(response.header("Content-Type").starts_with("text/html"))
      << response.header("Content-Type");
  std::string page = Lower(response.body);
  EXPECT_NE(page.find("<html"), std::string::npos);
  // Scripts and stylesheets from a CDN would break the page offline and leak who reads it.
  static const std::regex kExternalAsset(
      R"(<(script|link|img)[^>]*(src|href)\s*=\s*["']?(https?:)?//)");
  EXPECT_FALSE(std::regex_search(page, kExternalAsset));
}

TEST_F(HttpSystemRoutes, EveryResponseCarriesItsOwnRequestId) {
  ApiClient client = Anonymous();
  HttpResponse ok = client.get("/health");
  HttpResponse not_found = client.get("/no-such-route");
  HttpResponse unauthorized = client.get("/api/v1/notes");
  for (const HttpResponse* response : {&ok, &not_found, &unauthorized}) {
    EXPECT_FALSE(response->header("X-Request-Id").empty()) << Describe(*response);
  }
  EXPECT_NE(ok.header("X-Request-Id"), not_found.header("X-Request-Id"));
  EXPECT_NE(not_found.header("X-Request-Id"), unauthorized.header("X-Request-Id"));
}

TEST_F(HttpSystemRoutes, EveryRequestIsLoggedAsOneJsonLineWithItsRequestId) {
  HttpResponse response = Anonymous().get("/health/ready");
  ASSERT_TRUE(HasStatus(response, 200));
  std::string request_id = response.header("X-Request-Id");
  ASSERT_FALSE(request_id.empty());

  ASSERT_TRUE(server().wait_for_stdout(request_id, std::chrono::seconds(5)))
      << "no log line mentions " << request_id;
  boost::json::value line = RequestLogLine(server().stdout_text(), request_id);
  ASSERT_TRUE(line.is_object()) << "the line mentioning " << request_id << " is not JSON";
  EXPECT_EQ(StringAt(line, "event"), "request");
  EXPECT_EQ(StringAt(line, "method"), "GET");
  EXPECT_EQ(StringAt(line, "route"), "/health/ready");
  EXPECT_EQ(At(line, "status"), boost::json::value(200));
  EXPECT_TRUE(At(line, "duration_ms").is_number());
  EXPECT_TRUE(At(line, "user_id").is_null()) << "no user made this request";
}

TEST_F(HttpSystemRoutes, AnAuthenticatedRequestIsLoggedWithItsUser) {
  ApiClient ana = NewUser();
  HttpResponse response = ana.get("/api/v1/auth/me");
  ASSERT_TRUE(HasStatus(response, 200));
  std::string request_id = response.header("X-Request-Id");
  ASSERT_TRUE(server().wait_for_stdout(request_id, std::chrono::seconds(5)));
  boost::json::value line = RequestLogLine(server().stdout_text(), request_id);
  ASSERT_TRUE(line.is_object());
  EXPECT_EQ(StringAt(line, "user_id"), StringAt(response.json(), "id"));
  EXPECT_EQ(At(line, "status"), boost::json::value(200));
}

}  // namespace
}  // namespace chronotrail::testing
