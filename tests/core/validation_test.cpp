#include "core/validation.h"

#include <gtest/gtest.h>

namespace chronotrail {
namespace {

std::vector<std::string> Fields(const FieldErrors& e) {
  std::vector<std::string> out;
  for (const FieldError& f : e.list()) out.push_back(f.field);
  return out;
}

TEST(CheckCoordinates, AcceptsTheWholeGlobeWithEightDecimals) {
  FieldErrors e;
  CheckCoordinates(-179.12345678, 89.12345678, e);
  CheckCoordinates(180.0, -90.0, e);
  CheckCoordinates(0.0, 0.0, e);
  EXPECT_TRUE(e.empty());
}

TEST(CheckCoordinates, RejectsOutOfRangeAndNineDecimals) {
  FieldErrors e;
  CheckCoordinates(180.5, 90.1, e);
  EXPECT_EQ(Fields(e), (std::vector<std::string>{"longitude", "latitude"}));
  FieldErrors f;
  CheckCoordinates(10.123456789, 1.0, f);
  EXPECT_EQ(Fields(f), (std::vector<std::string>{"longitude"}));
}

TEST(CheckCoordinates, RequiresBothOrNeither) {
  FieldErrors e;
  CheckCoordinates(10.0, std::nullopt, e);
  EXPECT_EQ(Fields(e), (std::vector<std::string>{"latitude"}));
  FieldErrors none;
  CheckCoordinates(std::nullopt, std::nullopt, none);
  EXPECT_TRUE(none.empty());
}

TEST(CheckNames, TrimsAndChecksEachName) {
  std::vector<std::string> names = {"  Blue Bottle ", "", std::string(101, 'x'),
                                    std::string(100, 'y')};
  FieldErrors e;
  CheckNames(names, e);
  EXPECT_EQ(names[0], "Blue Bottle");
  EXPECT_EQ(Fields(e), (std::vector<std::string>{"names[1]", "names[2]"}));
}

TEST(CheckNames, AllowsAtMostTen) {
  std::vector<std::string> names(11, "a");
  FieldErrors e;
  CheckNames(names, e);
  EXPECT_EQ(Fields(e), (std::vector<std::string>{"names"}));
}

TEST(CharCount, CountsCodePointsNotBytes) {
  EXPECT_EQ(CharCount("café"), 4u);
  EXPECT_EQ(CharCount("日本"), 2u);
  FieldErrors e;
  CheckMaxChars("ééé", 3, "address", e);
  EXPECT_TRUE(e.empty());
}

TEST(CheckNotFuture, AllowsFiveMinutesOfClockSkew) {
  FieldErrors e;
  CheckNotFuture(1000 + limits::kClockSkew, 1000, "t", e);
  EXPECT_TRUE(e.empty());
  CheckNotFuture(1001 + limits::kClockSkew, 1000, "t", e);
  EXPECT_EQ(Fields(e), (std::vector<std::string>{"t"}));
}

TEST(TimeZones, KnowsIanaNamesOnly) {
  EXPECT_TRUE(IsKnownTimeZone("Europe/Lisbon"));
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_FALSE(IsKnownTimeZone("Mars/Olympus"));
  EXPECT_FALSE(IsKnownTimeZone("../../etc/passwd"));
  EXPECT_FALSE(IsKnownTimeZone(""));
}

TEST(Trim, RemovesSurroundingWhiteSpaceOnly) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(Trim("\t\r\n "), "");
}

}  // namespace
}  // namespace chronotrail
