#include "core/time.h"

#include <gtest/gtest.h>

namespace chronotrail {
namespace {

Micros At(const char* text) {
  return ParseIsoTime(text).value();
}

TEST(IsoTime, ZuluAndOffsetsNameTheSameInstant) {
  EXPECT_EQ(At("2024-03-12T09:14:00Z"), At("2024-03-12T10:14:00+01:00"));
  EXPECT_EQ(At("2024-03-12T09:14:00Z"), At("2024-03-12T04:14:00-0500"));
  EXPECT_EQ(At("2024-03-12T09:14:00Z"), At("2024-03-12T11:14:00+02"));
  EXPECT_EQ(At("2024-03-12T09:14:00Z"), At("2024-03-12 09:14:00"));
}

TEST(IsoTime, NaiveTimeAndDateAloneMeanUtc) {
  EXPECT_EQ(At("1970-01-01T00:00:00"), 0);
  EXPECT_EQ(At("1970-01-02"), kMicrosPerDay);
  EXPECT_EQ(At("1970-01-01T00:01"), 60 * kMicrosPerSecond);
}

TEST(IsoTime, KeepsMicrosecondsAndTruncatesBeyond) {
  EXPECT_EQ(At("1970-01-01T00:00:00.5Z"), 500'000);
  EXPECT_EQ(At("1970-01-01T00:00:00.123456789Z"), 123'456);
}

TEST(IsoTime, RejectsImpossibleOrMalformedTimes) {
  for (const char* bad :
       {"", "2024", "2024-13-01", "2023-02-29", "2024-03-12T24:00:00Z", "2024-03-12T09:60:00Z",
        "2024-03-12T09:14:00+25:00", "2024-03-12T09:14Zjunk", "12/03/2024", "2024-03-12T09:14:00.Z",
        "0000-01-01"}) {
    EXPECT_FALSE(ParseIsoTime(bad).has_value()) << bad;
  }
  EXPECT_TRUE(ParseIsoTime("2024-02-29").has_value());
}

TEST(IsoTime, FormatsUtcWithZAndFractionOnlyWhenPresent) {
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(At("2024-03-12T10:14:00+01:00")), "2024-03-12T09:14:00Z");
  EXPECT_EQ(FormatIsoTime(At("2024-03-12T09:14:00.000250Z")), "2024-03-12T09:14:00.000250Z");
  EXPECT_EQ(FormatIsoTime(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(IsoTime, RoundTripsThroughFormat) {
  for (Micros t : {Micros{0}, Micros{1'700'000'000'123'456}, Micros{-86'400'000'001},
                   At("9999-12-31T23:59:59Z"), At("0001-01-01T00:00:00Z")}) {
    EXPECT_EQ(At(FormatIsoTime(t).c_str()), t);
  }
}

TEST(IsoTime, RecognisesDateOnlyText) {
  EXPECT_TRUE(IsDateOnly("2024-03-12"));
  EXPECT_FALSE(IsDateOnly("2024-03-12T00:00:00Z"));
}

}  // namespace
}  // namespace chronotrail
