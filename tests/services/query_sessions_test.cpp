// QuerySessions' JSON: a context comes back as it was saved, and anything else is no context.
#include "services/query_sessions.h"

#include <gtest/gtest.h>

namespace chronotrail {
namespace {

TEST(QuerySessions, AContextComesBackAsItWasSaved) {
  QueryContext c;
  c.range.from = -86'400'000'000LL;  // before 1970
  c.range.to = 1'704'067'200'000'000LL;
  c.box = SearchFilter::Box{38.6, 38.8, -9.3, -9.0};
  c.places = {"Lisbon", "Café \"A Brasileira\""};
  c.keywords = {"coffee", "pastéis de nata"};
  c.kinds = {"photo"};
  std::optional<QueryContext> back = ContextFromJson(ContextToJson(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, c);

  QueryContext empty;
  back = ContextFromJson(ContextToJson(empty));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, empty);
}

TEST(QuerySessions, AnythingElseIsNoContext) {
  for (const char* bad : {"", "[]", "{", R"({"from":"yesterday"})", R"({"box":[1,2,3]})",
                          R"({"box":[1,2,3,"x"]})", R"({"keywords":"gym"})", R"({"places":[1]})"}) {
    EXPECT_FALSE(ContextFromJson(bad)) << bad;
  }
  // Fields it does not know are left alone (a newer version may add some).
  EXPECT_TRUE(ContextFromJson(R"({"keywords":["gym"],"later":true})"));
}

}  // namespace
}  // namespace chronotrail
