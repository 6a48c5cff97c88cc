#include "http/router.h"

#include <gtest/gtest.h>

namespace chronotrail::http {
namespace {

using beast_http::verb;

Router MakeRouter() {
  Router r;
  auto ok = [](Request&) { return Response::NoContent(); };
  r.Add(verb::get, "/", Access::kPublic, ok);
  r.Add(verb::get, "/api/v1/notes", Access::kAuthenticated, ok);
  r.Add(verb::post, "/api/v1/notes", Access::kAuthenticated, ok);
  r.Add(verb::get, "/api/v1/notes/{id}", Access::kAuthenticated, ok);
  r.Add(verb::delete_, "/api/v1/notes/{id}", Access::kAuthenticated, ok);
  return r;
}

TEST(Router, MatchesLiteralAndParameterisedPaths) {
  Router r = MakeRouter();
  EXPECT_EQ(r.Find(verb::get, "/").route->pattern, "/");
  Match m = r.Find(verb::get, "/api/v1/notes/abc%20def");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->pattern, "/api/v1/notes/{id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "abc def");
}

TEST(Router, ReportsAllowedMethodsForAKnownPath) {
  Router r = MakeRouter();
  Match m = r.Find(verb::put, "/api/v1/notes/1");
  EXPECT_FALSE(m.route);
  EXPECT_TRUE(m.path_exists());
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "DELETE"}));
}

TEST(Router, UnknownPathsMatchNothing) {
  Router r = MakeRouter();
  for (const char* path :
       {"/api/v1/notes/1/extra", "/api/v2/notes", "", "api/v1/notes", "/api/v1/notes//"}) {
    EXPECT_FALSE(r.Find(verb::get, path).path_exists()) << path;
  }
}

TEST(Router, HeadUsesTheGetRouteAndTrailingSlashIsTolerated) {
  Router r = MakeRouter();
  EXPECT_TRUE(r.Find(verb::head, "/api/v1/notes").route);
  EXPECT_TRUE(r.Find(verb::get, "/api/v1/notes/").route);
}

}  // namespace
}  // namespace chronotrail::http
