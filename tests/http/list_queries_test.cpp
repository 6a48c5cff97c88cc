// Listing visits and notes: newest first, an inclusive time window, and pages.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/record_kinds.h"
#include "support/shared_server_test.h"

namespace chronotrail::testing {
namespace {

class HttpListQueries : public SharedServerTest<HttpListQueries>,
                        public ::testing::WithParamInterface<RecordKind> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    if (!HasFatalFailure()) user_.emplace(NewUser());
  }

  // Creates one record at each time, in the order given.
  void CreateAt(const std::vector<std::string>& times) {
    for (const std::string& time : times)
      CreateRecord(*user_, GetParam().collection, GetParam().at(time));
  }

  HttpResponse List(std::string_view query) {
    std::string target(GetParam().collection);
    if (!query.empty()) target += "?" + std::string(query);
    return user_->get(target);
  }

  // The record times of a list response, in the order listed.
  std::vector<std::string> Times(const HttpResponse& response) {
    std::vector<std::string> times;
    boost::json::value page = response.json();
    for (const boost::json::value& record : At(page, GetParam().list_key).as_array()) {
      times.push_back(StringAt(record, GetParam().time_field));
    }
    return times;
  }

  static std::int64_t Number(const HttpResponse& response, std::string_view field) {
    return At(response.json(), field).to_number<std::int64_t>();
  }

  std::optional<ApiClient> user_;
};

const std::string kJan1 = "2024-01-01T12:00:00Z";
const std::string kJan2 = "2024-01-02T12:00:00Z";
const std::string kJan3 = "2024-01-03T12:00:00Z";
const std::string kJan4 = "2024-01-04T12:00:00Z";
const std::string kJan5 = "2024-01-05T12:00:00Z";

TEST_P(HttpListQueries, ANewUserHasAnEmptyFirstPage) {
  HttpResponse response = List("");
  ASSERT_TRUE(HasStatus(response, 200));
  boost::json::value page = response.json();
  EXPECT_EQ(At(page, GetParam().list_key), boost::json::value(boost::json::array{}));
  EXPECT_EQ(Number(response, "total"), 0);
  EXPECT_EQ(Number(response, "page"), 1);
  EXPECT_EQ(Number(response, "page_size"), 20);
}

TEST_P(HttpListQueries, NewestComesFirstWhateverTheOrderOfCreation) {
  CreateAt({kJan2, kJan4, kJan1, kJan3});
  HttpResponse response = List("");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(Times(response), (std::vector<std::string>{kJan4, kJan3, kJan2, kJan1}));
  EXPECT_EQ(Number(response, "total"), 4);
}

TEST_P(HttpListQueries, ListedRecordsAreWholeRecords) {
  boost::json::object created = CreateRecord(*user_, GetParam().collection, GetParam().valid());
  HttpResponse response = List("");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(At(response.json(), std::string(GetParam().list_key) + ".0"),
            boost::json::value(created));
}

TEST_P(HttpListQueries, TheTimeWindowIncludesBothOfItsEnds) {
  CreateAt({kJan1, kJan2, kJan3, kJan4});
  HttpResponse response = List("start_date=" + kJan2 + "&end_date=" + kJan3);
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(Times(response), (std::vector<std::string>{kJan3, kJan2}));
  EXPECT_EQ(Number(response, "total"), 2);
}

TEST_P(HttpListQueries, EitherEndOfTheWindowMayBeLeftOpen) {
  CreateAt({kJan1, kJan2, kJan3, kJan4});
  EXPECT_EQ(Times(List("start_date=" + kJan3)), (std::vector<std::string>{kJan4, kJan3}));
  EXPECT_EQ(Times(List("end_date=" + kJan2)), (std::vector<std::string>{kJan2, kJan1}));
}

TEST_P(HttpListQueries, WindowEndsWithAnOffsetAreComparedInUtc) {
  CreateAt({kJan1, kJan2, kJan3});
  // 13:00+01:00 is kJan2 itself; "+" is percent-encoded because a bare "+" in a query is a space.
  HttpResponse response = List("start_date=2024-01-02T13:00:00%2B01:00");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(Times(response), (std::vector<std::string>{kJan3, kJan2}));
}

TEST_P(HttpListQueries, AWindowThatEndsBeforeItStartsIsRejected) {
  EXPECT_TRUE(IsValidationErrorOn(List("start_date=" + kJan3 + "&end_date=" + kJan2),
                                  {"start_date", "end_date"}));
}

TEST_P(HttpListQueries, AWindowEndThatIsNotATimeIsRejected) {
  EXPECT_TRUE(IsValidationErrorOn(List("start_date=yesterday"), {"start_date"}));
  EXPECT_TRUE(IsValidationErrorOn(List("end_date=2024-13-01T00:00:00Z"), {"end_date"}));
}

TEST_P(HttpListQueries, PagesSplitTheListAndEachCarriesTheTotal) {
  CreateAt({kJan1, kJan2, kJan3, kJan4, kJan5});
  HttpResponse first = List("page=1&page_size=2");
  HttpResponse second = List("page=2&page_size=2");
  HttpResponse third = List("page=3&page_size=2");
  ASSERT_TRUE(HasStatus(first, 200));
  EXPECT_EQ(Times(first), (std::vector<std::string>{kJan5, kJan4}));
  EXPECT_EQ(Times(second), (std::vector<std::string>{kJan3, kJan2}));
  EXPECT_EQ(Times(third), (std::vector<std::string>{kJan1}));
  for (const HttpResponse* page : {&first, &second, &third}) {
    EXPECT_EQ(Number(*page, "total"), 5);
    EXPECT_EQ(Number(*page, "page_size"), 2);
  }
  EXPECT_EQ(Number(second, "page"), 2);
}

TEST_P(HttpListQueries, APageBeyondTheLastIsEmptyButStillCountsTheTotal) {
  CreateAt({kJan1, kJan2, kJan3});
  HttpResponse response = List("page=4&page_size=2");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(Times(response), std::vector<std::string>{});
  EXPECT_EQ(Number(response, "total"), 3);
  EXPECT_EQ(Number(response, "page"), 4);
}

TEST_P(HttpListQueries, PagesCombineWithTheTimeWindow) {
  CreateAt({kJan1, kJan2, kJan3, kJan4, kJan5});
  HttpResponse response =
      List("start_date=" + kJan2 + "&end_date=" + kJan4 + "&page=2&page_size=2");
  ASSERT_TRUE(HasStatus(response, 200));
  EXPECT_EQ(Times(response), (std::vector<std::string>{kJan2}));
  EXPECT_EQ(Number(response, "total"), 3);
}

TEST_P(HttpListQueries, PageSizeRunsFromOneToAHundred) {
  CreateAt({kJan1, kJan2});
  HttpResponse smallest = List("page_size=1");
  ASSERT_TRUE(HasStatus(smallest, 200));
  EXPECT_EQ(Times(smallest), (std::vector<std::string>{kJan2}));
  EXPECT_TRUE(HasStatus(List("page_size=100"), 200));
  EXPECT_TRUE(IsValidationErrorOn(List("page_size=0"), {"page_size"}));
  EXPECT_TRUE(IsValidationErrorOn(List("page_size=101"), {"page_size"}));
}

TEST_P(HttpListQueries, PagesStartAtOne) {
  EXPECT_TRUE(IsValidationErrorOn(List("page=0"), {"page"}));
  EXPECT_TRUE(IsValidationErrorOn(List("page=-1"), {"page"}));
}

TEST_P(HttpListQueries, PagingParametersMustBeWholeNumbers) {
  EXPECT_TRUE(IsValidationErrorOn(List("page=abc"), {"page"}));
  EXPECT_TRUE(IsValidationErrorOn(List("page=1.5"), {"page"}));
  EXPECT_TRUE(IsValidationErrorOn(List("page_size=ten"), {"page_size"}));
  EXPECT_TRUE(IsValidationErrorOn(List("page_size="), {"page_size"}));
}

INSTANTIATE_TEST_SUITE_P(, HttpListQueries, ::testing::Values(kVisits, kNotes), RecordKindName());

}  // namespace
}  // namespace chronotrail::testing
