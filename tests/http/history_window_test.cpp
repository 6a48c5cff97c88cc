// How far back a list of visits or notes reaches: 3 months for free, 24 for premium, everything
// for pro, counted in calendar months back from the start of the user's day. A list is cut at the
// window; one that ends before it is forbidden.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support/api_assertions.h"
#include "support/iso_time.h"
#include "support/json_access.h"
#include "support/record_kinds.h"
#include "support/shared_server_test.h"
#include "support/usage_limits.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;

// A moment `ago` before now, as a client writes it.
std::string Ago(std::chrono::system_clock::duration ago) {
  return IsoUtc(std::chrono::system_clock::now() - ago);
}

const auto kYear = days(365);

class HttpHistoryWindow : public SharedServerTest<HttpHistoryWindow>,
                          public ::testing::WithParamInterface<RecordKind> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    StayClearOfMidnight();
  }

  // Creates one record at each time, in the order given.
  static void CreateAt(ApiClient& user, const std::vector<std::string>& times) {
    for (const std::string& time : times) {
      CreateRecord(user, GetParam().collection, GetParam().at(time));
    }
  }

  static HttpResponse List(ApiClient& user, const std::string& query = "") {
    std::string target(GetParam().collection);
    if (!query.empty()) target += "?" + query;
    return user.get(target);
  }

  // The record times of a list response, newest first, which must be a 200.
  static std::vector<std::string> Times(const HttpResponse& response) {
    EXPECT_TRUE(HasStatus(response, 200));
    std::vector<std::string> times;
    if (response.status != 200) return times;
    boost::json::value page = response.json();
    for (const boost::json::value& record : At(page, GetParam().list_key).as_array()) {
      times.push_back(StringAt(record, GetParam().time_field));
    }
    EXPECT_EQ(At(page, "total"), boost::json::value(static_cast<std::int64_t>(times.size())))
        << page;
    return times;
  }

  // The start of the free window for a user without a time zone: today 00:00 UTC less three
  // calendar months, when that date exists.
  static std::optional<std::chrono::sys_days> FreeWindowStart() {
    std::chrono::year_month_day start{LocalDate()};
    start -= std::chrono::months(3);
    if (!start.ok()) return std::nullopt;
    return std::chrono::sys_days(start);
  }
};

TEST_P(HttpHistoryWindow, AFreeListWithoutDatesReachesBackThreeMonths) {
  ApiClient ana = NewUser("free");
  std::string recent = Ago(days(1));
  CreateAt(ana, {Ago(kYear), recent});
  EXPECT_EQ(Times(List(ana)), std::vector<std::string>{recent});
}

TEST_P(HttpHistoryWindow, AFreeListWithAnEarlierStartDateIsCutAtTheWindow) {
  ApiClient ana = NewUser("free");
  std::string recent = Ago(days(1));
  CreateAt(ana, {Ago(kYear), recent});
  EXPECT_EQ(Times(List(ana, "start_date=" + Ago(2 * kYear))), std::vector<std::string>{recent});
}

TEST_P(HttpHistoryWindow, AFreeListEndingInsideTheWindowIsCutAtItsStart) {
  ApiClient ana = NewUser("free");
  std::string six_weeks_ago = Ago(days(42));
  CreateAt(ana, {Ago(kYear), six_weeks_ago, Ago(days(1))});
  EXPECT_EQ(Times(List(ana, "start_date=" + Ago(2 * kYear) + "&end_date=" + Ago(days(10)))),
            std::vector<std::string>{six_weeks_ago});
}

TEST_P(HttpHistoryWindow, AFreeListEndingBeforeTheWindowIsForbiddenAndSaysWhereTheWindowStarts) {
  ApiClient ana = NewUser("free");
  CreateAt(ana, {Ago(kYear), Ago(days(1))});
  for (const std::string& query :
       {"end_date=" + Ago(days(182)), "start_date=" + Ago(2 * kYear) + "&end_date=" + Ago(kYear)}) {
    SCOPED_TRACE(query);
    HttpResponse response = List(ana, query);
    ASSERT_TRUE(IsError(response, 403, "FORBIDDEN"));
    const boost::json::value earliest = At(response.json(), "details.earliest_allowed_date");
    ASSERT_TRUE(IsIsoUtc(earliest)) << Describe(response);
    std::optional<Microseconds> start = ParseIsoUtc(earliest.get_string());
    if (std::optional<std::chrono::sys_days> expected = FreeWindowStart()) {
      EXPECT_EQ(start, *expected) << Describe(response);
    } else {  // Three months back is a day the month does not have: either neighbour will do.
      EXPECT_GT(*start, LocalDate() - days(93)) << Describe(response);
      EXPECT_LT(*start, LocalDate() - days(88)) << Describe(response);
    }
  }
}

TEST_P(HttpHistoryWindow, TheFreeWindowStartsAtTheStartOfTheDayThreeCalendarMonthsAgo) {
  std::optional<std::chrono::sys_days> start = FreeWindowStart();
  if (!start) GTEST_SKIP() << "three months before today is a day that does not exist";
  ApiClient ana = NewUser("free");
  std::string just_inside = IsoUtc(*start + 1min);
  CreateAt(ana, {IsoUtc(*start - 1min), just_inside});
  EXPECT_EQ(Times(List(ana)), std::vector<std::string>{just_inside});
}

TEST_P(HttpHistoryWindow, TheWindowStartsAtTheStartOfTheUsersLocalDay) {
  constexpr std::chrono::hours kKiritimati(14);  // UTC+14 all year.
  StayClearOfMidnight(kKiritimati);
  std::chrono::year_month_day start{LocalDate(kKiritimati)};
  start -= std::chrono::months(3);
  if (!start.ok()) GTEST_SKIP() << "three months before today is a day that does not exist";
  ApiClient ana = NewUser("free");
  ASSERT_TRUE(HasStatus(ana.patch("/api/v1/auth/me", {{"timezone", "Pacific/Kiritimati"}}), 200));
  HttpResponse response = List(ana, "end_date=" + Ago(days(182)));
  ASSERT_TRUE(IsError(response, 403, "FORBIDDEN"));
  // Local midnight at UTC+14 is 10:00 UTC the day before.
  EXPECT_EQ(StringAt(response.json(), "details.earliest_allowed_date"),
            IsoUtc(std::chrono::sys_days(start) - kKiritimati));
}

TEST_P(HttpHistoryWindow, APremiumListReachesBackTwentyFourMonths) {
  ApiClient ana = NewUser("premium");
  std::string a_year_ago = Ago(kYear);
  std::string recent = Ago(days(1));
  CreateAt(ana, {Ago(3 * kYear), a_year_ago, recent});
  EXPECT_EQ(Times(List(ana)), (std::vector<std::string>{recent, a_year_ago}));
  EXPECT_EQ(Times(List(ana, "end_date=" + Ago(days(182)))), std::vector<std::string>{a_year_ago});
  EXPECT_TRUE(IsError(List(ana, "end_date=" + Ago(30 * days(30))), 403, "FORBIDDEN"));
}

TEST_P(HttpHistoryWindow, AProListReachesBackWithoutLimit) {
  ApiClient ana = NewUser("pro");
  std::string ten_years_ago = Ago(10 * kYear);
  std::string a_year_ago = Ago(kYear);
  std::string recent = Ago(days(1));
  CreateAt(ana, {ten_years_ago, a_year_ago, recent});
  EXPECT_EQ(Times(List(ana)), (std::vector<std::string>{recent, a_year_ago, ten_years_ago}));
  EXPECT_EQ(Times(List(ana, "end_date=" + Ago(days(182)))),
            (std::vector<std::string>{a_year_ago, ten_years_ago}));
}

INSTANTIATE_TEST_SUITE_P(, HttpHistoryWindow, ::testing::Values(kVisits, kNotes), RecordKindName());

}  // namespace
}  // namespace chronotrail::testing
