// Routes without authentication: service identity, health, metrics and the API description.
#include <boost/json.hpp>

#include "api/routes.h"
#include "core/time.h"

std::string_view chronotrail_asset_openapi_json();
std::string_view chronotrail_asset_docs_html();

namespace chronotrail::api {

void AddSystemRoutes(http::Router& router, const Services& s) {
  router.Add(verb::get, "/", Access::kPublic, [docs = s.config.enable_api_docs](Request&) {
    return Response::Json(
        200, {{"name", "ChronoTrail"},
              {"version", CHRONOTRAIL_VERSION},
              {"docs_url", docs ? boost::json::value("/docs") : boost::json::value(nullptr)}});
  });
  router.Add(verb::get, "/api/v1", Access::kPublic, [](Request&) {
    return Response::Json(200, {{"message", "ChronoTrail API v1"}, {"status", "active"}});
  });
  // Liveness: answers as long as the process serves HTTP; touches no dependency.
  router.Add(verb::get, "/health", Access::kPublic, [](Request&) {
    return Response::Json(200, {{"status", "healthy"},
                                {"version", CHRONOTRAIL_VERSION},
                                {"timestamp", FormatIsoTime(SystemClock::Instance().Now())}});
  });
  // Readiness: a load balancer should send traffic only while the database answers.
  router.Add(verb::get, "/health/ready", Access::kPublic, [&status = s.status](Request&) {
    bool db = status.DatabaseReady();
    return Response::Json(db ? 200 : 503, {{"status", db ? "ready" : "unavailable"},
                                           {"checks", {{"database", db ? "ok" : "unavailable"}}}});
  });
  router.Add(verb::get, "/metrics", Access::kPublic, [&metrics = s.metrics](Request&) {
    return Response::Text(200, metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  if (!s.config.enable_api_docs) return;
  auto openapi = [](Request&) {
    return Response::Text(200, std::string(chronotrail_asset_openapi_json()), "application/json");
  };
  router.Add(verb::get, "/openapi.json", Access::kPublic, openapi);
  router.Add(verb::get, "/api/v1/openapi.json", Access::kPublic, openapi);
  router.Add(verb::get, "/docs", Access::kPublic, [](Request&) {
    Response r =
        Response::Text(200, std::string(chronotrail_asset_docs_html()), "text/html; charset=utf-8");
    // The page is self-contained: inline script and style, data from this origin only.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                           "style-src 'self' 'unsafe-inline'");
    return r;
  });
}

}  // namespace chronotrail::api
