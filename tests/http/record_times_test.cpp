// The time a visit or note is about (visit_time, timestamp): accepted with any offset or none,
// answered in UTC with Z, never more than five minutes ahead of the server's clock.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "support/api_assertions.h"
#include "support/iso_time.h"
#include "support/json_access.h"
#include "support/record_kinds.h"
#include "support/shared_server_test.h"

namespace chronotrail::testing {
namespace {

using std::chrono::system_clock;

class HttpRecordTimes : public SharedServerTest<HttpRecordTimes>,
                        public ::testing::WithParamInterface<RecordKind> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    if (!HasFatalFailure()) user_.emplace(NewUser());
  }

  HttpResponse CreateAt(const boost::json::value& time) {
    boost::json::object body = GetParam().valid();
    body[GetParam().time_field] = time;
    return user_->post(GetParam().collection, body);
  }

  // The time as the server answers it, both in the creation response and when read back.
  std::string StoredTime(std::string_view sent) {
    HttpResponse created = CreateAt(boost::json::string(sent));
    if (created.status != 201) return "rejected: " + Describe(created);
    std::string answered = StringAt(created.json(), GetParam().time_field);
    HttpResponse read = user_->get(GetParam().path(StringAt(created.json(), "id")));
    std::string stored = StringAt(read.json(), GetParam().time_field);
    return answered == stored ? stored : answered + " but read back as " + stored;
  }

  std::string_view field() const { return GetParam().time_field; }

  std::optional<ApiClient> user_;
};

TEST_P(HttpRecordTimes, UtcTimeComesBackAsSent) {
  EXPECT_EQ(StoredTime("2024-03-12T08:14:00Z"), "2024-03-12T08:14:00Z");
}

TEST_P(HttpRecordTimes, TimeWithAPositiveOffsetIsConvertedToUtc) {
  EXPECT_EQ(StoredTime("2024-03-12T09:14:00+01:00"), "2024-03-12T08:14:00Z");
}

TEST_P(HttpRecordTimes, TimeWithANegativeOffsetIsConvertedToUtcAcrossMidnight) {
  EXPECT_EQ(StoredTime("2024-03-11T21:44:00-05:30"), "2024-03-12T03:14:00Z");
}

TEST_P(HttpRecordTimes, TimeWithoutAZoneIsTakenAsUtc) {
  EXPECT_EQ(StoredTime("2024-03-12T09:14:00"), "2024-03-12T09:14:00Z");
}

TEST_P(HttpRecordTimes, MicrosecondsAreKept) {
  EXPECT_EQ(StoredTime("2024-03-12T09:14:00.123456Z"), "2024-03-12T09:14:00.123456Z");
}

TEST_P(HttpRecordTimes, AZeroFractionIsNotShown) {
  EXPECT_EQ(StoredTime("2024-03-12T09:14:00.000Z"), "2024-03-12T09:14:00Z");
}

TEST_P(HttpRecordTimes, ATimeAnHourAheadIsRejected) {
  std::string later = IsoUtc(system_clock::now() + std::chrono::hours(1));
  EXPECT_TRUE(IsValidationErrorOn(CreateAt(boost::json::string(later)), {field()}));
}

TEST_P(HttpRecordTimes, ATimeTwoMinutesAheadIsAcceptedAsClockSkew) {
  std::string soon = IsoUtc(system_clock::now() + std::chrono::minutes(2));
  EXPECT_EQ(StoredTime(soon), soon);
}

TEST_P(HttpRecordTimes, TheTimeIsRequired) {
  boost::json::object body = GetParam().valid();
  body.erase(GetParam().time_field);
  EXPECT_TRUE(IsValidationErrorOn(user_->post(GetParam().collection, body), {field()}));
  EXPECT_TRUE(IsValidationErrorOn(CreateAt(nullptr), {field()}));
}

TEST_P(HttpRecordTimes, SomethingThatIsNotATimeIsRejected) {
  for (const char* text : {"yesterday", "2024-02-30T10:00:00Z", "2024-03-12 25:00", ""}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(IsValidationErrorOn(CreateAt(boost::json::string(text)), {field()}));
  }
  EXPECT_TRUE(IsValidationErrorOn(CreateAt(1710234840), {field()}));
}

INSTANTIATE_TEST_SUITE_P(, HttpRecordTimes, ::testing::Values(kVisits, kNotes), RecordKindName());

}  // namespace
}  // namespace chronotrail::testing
