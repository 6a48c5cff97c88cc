// Changing time zone moves a user to another calendar day; it must not hand out fresh quota.
#include <gtest/gtest.h>

#include "support/api_assertions.h"
#include "support/shared_server_test.h"
#include "support/usage_limits.h"

namespace chronotrail::testing {
namespace {

class HttpUsageTimeZone : public SharedServerTest<HttpUsageTimeZone> {};

TEST_F(HttpUsageTimeZone, SwitchingZonesDoesNotResetTheDailyCount) {
  ApiClient ana = NewUser("free");
  // Kiritimati (UTC+14) and Pago Pago (UTC−11) are 25 hours apart: always on different dates.
  ASSERT_TRUE(HasStatus(
      ana.patch("/api/v1/auth/me", boost::json::object{{"timezone", "Pacific/Kiritimati"}}), 200));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(HasStatus(ana.post("/api/v1/notes", RecentNote()), 201));
  ASSERT_TRUE(HasStatus(
      ana.patch("/api/v1/auth/me", boost::json::object{{"timezone", "Pacific/Pago_Pago"}}), 200));
  EXPECT_TRUE(IsUsageLimitExceeded(ana.post("/api/v1/notes", RecentNote()), 3, "free"));
  EXPECT_EQ(ana.get("/api/v1/notes").json().at("total").as_int64(), 3);
}

}  // namespace
}  // namespace chronotrail::testing
