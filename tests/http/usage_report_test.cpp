// GET /api/v1/usage: what a user has used of today's limits, and when their day ends; the day is
// the calendar day of the time zone in their profile.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>

#include "support/api_assertions.h"
#include "support/iso_time.h"
#include "support/json_access.h"
#include "support/payloads.h"
#include "support/shared_server_test.h"
#include "support/usage_limits.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kUsage = "/api/v1/usage";

// {used, limit, remaining} as the report writes them; null for unlimited.
boost::json::value Counter(std::int64_t used, std::int64_t limit) {
  return {{"used", used}, {"limit", limit}, {"remaining", limit - used}};
}
boost::json::value UnlimitedCounter(std::int64_t used) {
  return {{"used", used}, {"limit", nullptr}, {"remaining", nullptr}};
}

class HttpUsageReport : public SharedServerTest<HttpUsageReport> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    StayClearOfMidnight();
  }

  // The report, which must be a 200.
  static boost::json::value Report(ApiClient& user) {
    HttpResponse response = user.get(kUsage);
    EXPECT_TRUE(HasStatus(response, 200));
    EXPECT_TRUE(response.header("Content-Type").starts_with("application/json"));
    return response.json();
  }
};

TEST_F(HttpUsageReport, RequiresAToken) {
  EXPECT_TRUE(IsError(Anonymous().get(kUsage), 401, "AUTHENTICATION_ERROR"));
}

TEST_F(HttpUsageReport, ANewFreeUserHasUsedNothingOfTheFreeLimits) {
  ApiClient ana = NewUser("free");
  boost::json::value report = Report(ana);
  EXPECT_EQ(StringAt(report, "tier"), "free");
  EXPECT_EQ(At(report, "content"), Counter(0, 3));
  EXPECT_EQ(At(report, "queries"), Counter(0, 10));
  EXPECT_EQ(At(report, "visits"), Counter(0, 2000));
  EXPECT_EQ(At(report, "text_notes_count"), boost::json::value(0));
  EXPECT_EQ(At(report, "media_files_count"), boost::json::value(0));
  EXPECT_EQ(At(report, "queries_count"), boost::json::value(0));
  EXPECT_EQ(
      At(report, "daily_limits"),
      boost::json::value({{"content_limit", 3}, {"query_limit", 10}, {"total_content_used", 0}}));
}

TEST_F(HttpUsageReport, WithoutATimeZoneTheDayIsTheUtcDayEndingAtUtcMidnight) {
  ApiClient ana = NewUser("free");
  std::chrono::sys_days today = LocalDate();
  boost::json::value report = Report(ana);
  EXPECT_EQ(StringAt(report, "date"), DateText(today));
  EXPECT_EQ(StringAt(report, "resets_at"), DateText(today + std::chrono::days(1)) + "T00:00:00Z");
  // API.md does not say how "no time zone" reads; both spellings of UTC are fine.
  const boost::json::value& zone = At(report, "timezone");
  EXPECT_TRUE(zone.is_null() || zone == boost::json::value("UTC")) << report;
}

TEST_F(HttpUsageReport, TwoNotesShowAsTwoUsedOfTheContentLimit) {
  ApiClient ana = NewUser("free");
  CreateRecord(ana, "/api/v1/notes", RecentNote());
  CreateRecord(ana, "/api/v1/notes", RecentNote());
  boost::json::value report = Report(ana);
  EXPECT_EQ(At(report, "content"), Counter(2, 3));
  EXPECT_EQ(At(report, "queries"), Counter(0, 10));
  EXPECT_EQ(At(report, "visits"), Counter(0, 2000));
  EXPECT_EQ(At(report, "text_notes_count"), boost::json::value(2));
  EXPECT_EQ(At(report, "media_files_count"), boost::json::value(0));
  EXPECT_EQ(
      At(report, "daily_limits"),
      boost::json::value({{"content_limit", 3}, {"query_limit", 10}, {"total_content_used", 2}}));
}

TEST_F(HttpUsageReport, VisitsShowUnderVisitsOnly) {
  ApiClient ana = NewUser("free");
  CreateRecord(ana, "/api/v1/locations", RecentVisit());
  boost::json::value report = Report(ana);
  EXPECT_EQ(At(report, "visits"), Counter(1, 2000));
  EXPECT_EQ(At(report, "content"), Counter(0, 3));
  EXPECT_EQ(At(report, "text_notes_count"), boost::json::value(0));
}

TEST_F(HttpUsageReport, APremiumUserSeesThePremiumLimits) {
  ApiClient ana = NewUser("premium");
  CreateRecord(ana, "/api/v1/notes", RecentNote());
  boost::json::value report = Report(ana);
  EXPECT_EQ(StringAt(report, "tier"), "premium");
  EXPECT_EQ(At(report, "content"), Counter(1, 10));
  EXPECT_EQ(At(report, "queries"), Counter(0, 50));
  EXPECT_EQ(At(report, "daily_limits.content_limit"), boost::json::value(10));
  EXPECT_EQ(At(report, "daily_limits.query_limit"), boost::json::value(50));
}

TEST_F(HttpUsageReport, AProUserHasNullForEveryUnlimitedLimitAndRemainder) {
  ApiClient ana = NewUser("pro");
  CreateRecord(ana, "/api/v1/notes", RecentNote());
  CreateRecord(ana, "/api/v1/notes", RecentNote());
  boost::json::value report = Report(ana);
  EXPECT_EQ(StringAt(report, "tier"), "pro");
  EXPECT_EQ(At(report, "content"), UnlimitedCounter(2));
  EXPECT_EQ(At(report, "queries"), UnlimitedCounter(0));
  EXPECT_EQ(At(report, "visits"), Counter(0, 2000));  // The visit cap holds for every tier.
  EXPECT_EQ(At(report, "text_notes_count"), boost::json::value(2));
  EXPECT_EQ(At(report, "daily_limits.total_content_used"), boost::json::value(2));
  // The compatibility fields keep the original service's shape, which API.md leaves open for an
  // unlimited tier: null as in the rest of this body, or -1 as in /subscription.
  for (const char* field : {"daily_limits.content_limit", "daily_limits.query_limit"}) {
    const boost::json::value& limit = At(report, field);
    EXPECT_TRUE(limit.is_null() || limit == boost::json::value(-1)) << field << " in " << report;
  }
}

TEST_F(HttpUsageReport, TheDayFollowsTheTimeZoneOfTheProfile) {
  struct Zone {
    const char* name;
    std::chrono::minutes offset;  // Neither zone has daylight saving time.
  };
  for (Zone zone : {Zone{"Pacific/Kiritimati", 14h}, Zone{"Pacific/Pago_Pago", -11h}}) {
    SCOPED_TRACE(zone.name);
    StayClearOfMidnight(zone.offset);
    ApiClient ana = NewUser("free");
    ASSERT_TRUE(HasStatus(ana.patch("/api/v1/auth/me", {{"timezone", zone.name}}), 200));
    std::chrono::sys_days local_today = LocalDate(zone.offset);
    boost::json::value report = Report(ana);
    EXPECT_EQ(StringAt(report, "timezone"), zone.name);
    EXPECT_EQ(StringAt(report, "date"), DateText(local_today));
    // The next local midnight, in UTC.
    std::chrono::sys_seconds reset = local_today + std::chrono::days(1) - zone.offset;
    EXPECT_EQ(StringAt(report, "resets_at"), IsoUtc(reset));

    HttpResponse note = ana.post("/api/v1/notes", RecentNote());
    ASSERT_TRUE(HasStatus(note, 201));
    EXPECT_EQ(ParseIsoUtc(note.header("X-Usage-Reset")), reset) << Describe(note);
  }
}

}  // namespace
}  // namespace chronotrail::testing
