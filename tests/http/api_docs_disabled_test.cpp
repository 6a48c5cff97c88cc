// ENABLE_API_DOCS=false hides the API description and its page, and nothing else.
#include <gtest/gtest.h>

#include "support/api_assertions.h"
#include "support/shared_server_test.h"

namespace chronotrail::testing {
namespace {

class HttpApiDocsDisabled : public SharedServerTest<HttpApiDocsDisabled> {
 public:
  static Environment ServerEnvironment() { return {{"ENABLE_API_DOCS", "false"}}; }
};

TEST_F(HttpApiDocsDisabled, DescriptionAndDocsPageAreNotFound) {
  ApiClient client = Anonymous();
  for (const char* target : {"/openapi.json", "/api/v1/openapi.json", "/docs"}) {
    SCOPED_TRACE(target);
    EXPECT_TRUE(IsError(client.get(target), 404, "NOT_FOUND"));
  }
}

TEST_F(HttpApiDocsDisabled, TheRestOfTheServerStillAnswers) {
  ApiClient client = Anonymous();
  EXPECT_TRUE(HasStatus(client.get("/health"), 200));
  EXPECT_TRUE(HasStatus(client.get("/"), 200));
  EXPECT_TRUE(HasStatus(NewUser().get("/api/v1/notes"), 200));
}

}  // namespace
}  // namespace chronotrail::testing
