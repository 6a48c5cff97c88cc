#include "nlp/time_expression.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>

namespace chronotrail::nlp {
namespace {

// Duckling's test context: Tuesday 2013-02-12 04:30 at a fixed UTC-2.
const TimeReference kRef = *ParseTimeReference("2013-02-12T04:30:00-02:00");

std::string Parse(const std::string& text, const TimeReference& ref = kRef) {
  return TimeExpressionJson(ParseTimeExpression(text, ref));
}

std::string Instant(const char* grain, const std::string& local) {
  return std::string("{\"kind\":\"instant\",\"grain\":\"") + grain + "\",\"value\":\"" + local +
         "-02:00\"}";
}

std::string Interval(const char* grain, const std::string& from, const std::string& to) {
  return std::string("{\"kind\":\"interval\",\"grain\":\"") + grain + "\",\"from\":\"" + from +
         "-02:00\",\"to\":\"" + to + "-02:00\"}";
}

std::string Day(const std::string& date) {
  return Instant("day", date + "T00:00:00");
}

TEST(TimeExpressionDates, AbsoluteDatesInTheUsualForms) {
  EXPECT_EQ(Parse("2015/08/31"), Day("2015-08-31"));
  EXPECT_EQ(Parse("2015-08-31"), Day("2015-08-31"));
  EXPECT_EQ(Parse("31 August 2015"), Day("2015-08-31"));
  EXPECT_EQ(Parse("August 31, 2015"), Day("2015-08-31"));
  EXPECT_EQ(Parse("8/31/2015"), Day("2015-08-31"));
  EXPECT_EQ(Parse("31-Aug-15"), Day("2015-08-31"));
  EXPECT_EQ(Parse("2008/05"), Instant("month", "2008-05-01T00:00:00"));
  EXPECT_EQ(Parse("May 2008"), Instant("month", "2008-05-01T00:00:00"));
  EXPECT_EQ(Parse("in 2014"), Instant("year", "2014-01-01T00:00:00"));
}

TEST(TimeExpressionDates, DatesWithoutAYearAreTheNextNotPast) {
  EXPECT_EQ(Parse("Aug 31"), Day("2013-08-31"));
  EXPECT_EQ(Parse("on the 15th"), Day("2013-02-15"));
  EXPECT_EQ(Parse("the 3rd"), Day("2013-03-03"));  // Feb 3 is past
  EXPECT_EQ(Parse("today"), Day("2013-02-12"));
  EXPECT_EQ(Parse("the 12th"), Day("2013-02-12"));
  EXPECT_EQ(Parse("Feb 10"), Day("2014-02-10"));
  EXPECT_EQ(Parse("March"), Instant("month", "2013-03-01T00:00:00"));
  EXPECT_EQ(Parse("January"), Instant("month", "2014-01-01T00:00:00"));
  // A weekday that does not fit the date pushes it to a year where it does.
  EXPECT_EQ(Parse("Fri, Jul 18"), Day("2014-07-18"));
}

TEST(TimeExpressionDates, MonthEndsAndLeapYears) {
  EXPECT_EQ(Parse("feb 29 2016"), Day("2016-02-29"));
  EXPECT_EQ(Parse("feb 29 2015"), R"({"kind":"none"})");
  EXPECT_EQ(Parse("the 31st"), Day("2013-03-31"));  // February has none
  EXPECT_EQ(Parse("last day of february 2016"), Day("2016-02-29"));
  EXPECT_EQ(Parse("last day of february 2015"), Day("2015-02-28"));
  EXPECT_EQ(Parse("13/31/2015"), R"({"kind":"none"})");
}

TEST(TimeExpressionDates, RelativeDays) {
  EXPECT_EQ(Parse("yesterday"), Day("2013-02-11"));
  EXPECT_EQ(Parse("tomorrow"), Day("2013-02-13"));
  EXPECT_EQ(Parse("the day before yesterday"), Day("2013-02-10"));
  EXPECT_EQ(Parse("yesterday morning"),
            Interval("hour", "2013-02-11T00:00:00", "2013-02-11T12:00:00"));
  EXPECT_EQ(Parse("last Monday at 9am"), Instant("hour", "2013-02-04T09:00:00"));
  EXPECT_EQ(Parse("day after tomorrow"), Day("2013-02-14"));
}

TEST(TimeExpressionWeeks, WeekdaysLastThisNext) {
  // Tuesday the 12th: a bare weekday is strictly after today.
  EXPECT_EQ(Parse("tuesday"), Day("2013-02-19"));
  EXPECT_EQ(Parse("monday"), Day("2013-02-18"));
  EXPECT_EQ(Parse("this wednesday"), Day("2013-02-13"));
  EXPECT_EQ(Parse("next wednesday"), Day("2013-02-20"));  // in next week, not tomorrow
  EXPECT_EQ(Parse("last tuesday"), Day("2013-02-05"));
  EXPECT_EQ(Parse("monday of this week"), Day("2013-02-11"));
  EXPECT_EQ(Parse("friday after next"), Day("2013-02-22"));
}

TEST(TimeExpressionWeeks, WeeksStartOnMonday) {
  EXPECT_EQ(Parse("this week"), Instant("week", "2013-02-11T00:00:00"));
  EXPECT_EQ(Parse("last week"), Instant("week", "2013-02-04T00:00:00"));
  EXPECT_EQ(Parse("next week"), Instant("week", "2013-02-18T00:00:00"));
  EXPECT_EQ(Parse("last 2 weeks"), Interval("week", "2013-01-28T00:00:00", "2013-02-11T00:00:00"));
  EXPECT_EQ(Parse("the weekend"), Interval("hour", "2013-02-15T18:00:00", "2013-02-18T00:00:00"));
  EXPECT_EQ(Parse("rest of the week"),
            Interval("day", "2013-02-12T00:00:00", "2013-02-17T00:00:00"));
  // On a Sunday, "this week" is still the week that began the Monday before.
  auto sunday = *ParseTimeReference("2013-02-17T23:00:00-02:00");
  EXPECT_EQ(Parse("this week", sunday), Instant("week", "2013-02-11T00:00:00"));
}

TEST(TimeExpressionWeeks, FirstAndLastWeeksCountOnlyWholeWeeks) {
  EXPECT_EQ(Parse("first week of october 2014"), Instant("week", "2014-10-06T00:00:00"));
  EXPECT_EQ(Parse("last week of september 2014"), Instant("week", "2014-09-22T00:00:00"));
  EXPECT_EQ(Parse("the week of october 6th"), Instant("week", "2013-10-07T00:00:00"));
}

TEST(TimeExpressionShifts, AgoAndInTruncateNowToTheNextFinerGrain) {
  EXPECT_EQ(Parse("3 days ago"), Instant("hour", "2013-02-09T04:00:00"));
  EXPECT_EQ(Parse("in 2 weeks"), Day("2013-02-26"));
  EXPECT_EQ(Parse("in 24 hours"), Instant("minute", "2013-02-13T04:30:00"));
  EXPECT_EQ(Parse("two years ago"), Instant("month", "2011-02-01T00:00:00"));
  EXPECT_EQ(Parse("in 15 minutes"), Instant("second", "2013-02-12T04:45:00"));
  EXPECT_EQ(Parse("in 2.5 hours"), Instant("second", "2013-02-12T07:00:00"));
  EXPECT_EQ(Parse("3 years from today"), Day("2016-02-12"));
}

TEST(TimeExpressionShifts, YearBoundaries) {
  auto new_year = *ParseTimeReference("2013-12-31T22:00:00-02:00");
  EXPECT_EQ(Parse("tomorrow", new_year), Day("2014-01-01"));
  EXPECT_EQ(Parse("next month", new_year), Instant("month", "2014-01-01T00:00:00"));
  EXPECT_EQ(Parse("next week", new_year), Instant("week", "2014-01-06T00:00:00"));
  EXPECT_EQ(Parse("next quarter", new_year), Instant("quarter", "2014-01-01T00:00:00"));
  EXPECT_EQ(Parse("last 2 months", new_year),
            Interval("month", "2013-10-01T00:00:00", "2013-12-01T00:00:00"));
}

TEST(TimeExpressionPeriods, MonthsQuartersYearsSeasons) {
  EXPECT_EQ(Parse("last month"), Instant("month", "2013-01-01T00:00:00"));
  EXPECT_EQ(Parse("this quarter"), Instant("quarter", "2013-01-01T00:00:00"));
  EXPECT_EQ(Parse("2018Q4"), Instant("quarter", "2018-10-01T00:00:00"));
  EXPECT_EQ(Parse("Q1 2014"), Instant("quarter", "2014-01-01T00:00:00"));
  EXPECT_EQ(Parse("q3"), Instant("quarter", "2013-07-01T00:00:00"));
  EXPECT_EQ(Parse("summer 2019"), Interval("day", "2019-06-21T00:00:00", "2019-09-24T00:00:00"));
  EXPECT_EQ(Parse("last summer"), Interval("day", "2012-06-21T00:00:00", "2012-09-24T00:00:00"));
  EXPECT_EQ(Parse("next year"), Instant("year", "2014-01-01T00:00:00"));
  EXPECT_EQ(Parse("this summer"), Interval("day", "2013-06-21T00:00:00", "2013-09-24T00:00:00"));
  EXPECT_EQ(Parse("end of April"), Interval("day", "2013-04-21T00:00:00", "2013-05-01T00:00:00"));
  EXPECT_EQ(Parse("mid March"), Interval("day", "2013-03-11T00:00:00", "2013-03-21T00:00:00"));
  EXPECT_EQ(Parse("end of 2012"), Interval("month", "2012-09-01T00:00:00", "2013-01-01T00:00:00"));
}

TEST(TimeExpressionClock, ClockTimesAndTheirGrain) {
  EXPECT_EQ(Parse("at 5pm"), Instant("hour", "2013-02-12T17:00:00"));
  EXPECT_EQ(Parse("17:30"), Instant("minute", "2013-02-12T17:30:00"));
  EXPECT_EQ(Parse("15:23:24"), Instant("second", "2013-02-12T15:23:24"));
  EXPECT_EQ(Parse("noon"), Instant("hour", "2013-02-12T12:00:00"));
  EXPECT_EQ(Parse("at midnight"), Instant("hour", "2013-02-13T00:00:00"));
  EXPECT_EQ(Parse("at 3am"), Instant("hour", "2013-02-13T03:00:00"));  // 3am today is past
  EXPECT_EQ(Parse("3:30"), Instant("minute", "2013-02-12T15:30:00"));
  EXPECT_EQ(Parse("at 4:23"), Instant("minute", "2013-02-12T04:23:00"));  // Duckling's quirk
  EXPECT_EQ(Parse("a quarter to noon"), Instant("minute", "2013-02-12T11:45:00"));
  EXPECT_EQ(Parse("4pm CET"), Instant("minute", "2013-02-12T13:00:00"));
}

TEST(TimeExpressionClock, PartsOfTheDay) {
  EXPECT_EQ(Parse("this morning"), Interval("hour", "2013-02-12T00:00:00", "2013-02-12T12:00:00"));
  EXPECT_EQ(Parse("tonight"), Interval("hour", "2013-02-12T18:00:00", "2013-02-13T00:00:00"));
  EXPECT_EQ(Parse("at night"), Interval("hour", "2013-02-12T18:00:00", "2013-02-13T00:00:00"));
  EXPECT_EQ(Parse("tomorrow afternoon"),
            Interval("hour", "2013-02-13T12:00:00", "2013-02-13T19:00:00"));
  EXPECT_EQ(Parse("8 tonight"), Instant("hour", "2013-02-12T20:00:00"));
  EXPECT_EQ(Parse("9 tomorrow evening"), Instant("hour", "2013-02-13T21:00:00"));
}

TEST(TimeExpressionRanges, ClosedRangesEndOneUnitAfterTheirLastElement) {
  EXPECT_EQ(Parse("between May and July"),
            Interval("month", "2013-05-01T00:00:00", "2013-08-01T00:00:00"));
  EXPECT_EQ(Parse("from 2 to 5 pm"),
            Interval("hour", "2013-02-12T14:00:00", "2013-02-12T18:00:00"));
  EXPECT_EQ(Parse("between 2010 and 2012"),
            Interval("year", "2010-01-01T00:00:00", "2013-01-01T00:00:00"));
  EXPECT_EQ(Parse("tomorrow 3-4pm"),
            Interval("hour", "2013-02-13T15:00:00", "2013-02-13T17:00:00"));
  EXPECT_EQ(Parse("July 13-15"), Interval("day", "2013-07-13T00:00:00", "2013-07-16T00:00:00"));
  EXPECT_EQ(Parse("3:30 to 6 PM"),
            Interval("minute", "2013-02-12T15:30:00", "2013-02-12T18:01:00"));
  EXPECT_EQ(Parse("11:30-1:30"), Interval("minute", "2013-02-12T11:30:00", "2013-02-12T13:31:00"));
}

TEST(TimeExpressionRanges, OpenEndedRanges) {
  EXPECT_EQ(Parse("since March"),
            R"({"kind":"open_after","grain":"month","from":"2013-03-01T00:00:00-02:00"})");
  EXPECT_EQ(Parse("before 2020"),
            R"({"kind":"open_before","grain":"year","to":"2020-01-01T00:00:00-02:00"})");
  EXPECT_EQ(Parse("after 2 pm"),
            R"({"kind":"open_after","grain":"hour","from":"2013-02-12T14:00:00-02:00"})");
  EXPECT_EQ(Parse("until 2:00pm"),
            R"({"kind":"open_before","grain":"minute","to":"2013-02-12T14:00:00-02:00"})");
  EXPECT_EQ(Parse("by EOM"), Interval("second", "2013-02-12T04:30:00", "2013-03-01T00:00:00"));
}

TEST(TimeExpressionReference, OffsetsAndZones) {
  // The same instant seen from UTC+1 is already Wednesday.
  auto lisbon_summer = *ParseTimeReference("2013-02-12T06:30:00Z");
  auto paris = *ReferenceInZone(lisbon_summer.utc_seconds, "Europe/Paris");
  EXPECT_EQ(paris.offset_minutes, 60);
  EXPECT_EQ(Parse("today", paris),
            R"({"kind":"instant","grain":"day","value":"2013-02-12T00:00:00+01:00"})");
  EXPECT_FALSE(ReferenceInZone(0, "Not/AZone").has_value());
  EXPECT_FALSE(ParseTimeReference("2013-02-12T04:30:00").has_value());  // an offset is required
}

TEST(TimeExpressionNone, UnknownOrPartialPhrasesAreNone) {
  for (const char* text : {"", "xyz", "the cat sat", "tomorrow banana", "32nd of march", "at 25",
                           "in 9999 years", "0 ad"}) {
    EXPECT_EQ(Parse(text), R"({"kind":"none"})") << text;
  }
}

// Found by fuzz/time_expression_fuzzer: "by 6" at 18:59 gave the interval [18:59, 18:00).
TEST(TimeExpressionRanges, ByOrWithinAMomentAlreadyBegunIsNone) {
  for (const char* text : {"by 4", "by 4am", "by yesterday", "by 2010", "within 0 hours"}) {
    EXPECT_EQ(Parse(text), R"({"kind":"none"})") << text;  // kRef is 04:30
  }
  EXPECT_EQ(Parse("by 5"), Interval("second", "2013-02-12T04:30:00", "2013-02-12T05:00:00"));
}

// Found by fuzz/time_expression_fuzzer: the value of a 20-digit run overflowed a long (undefined
// behaviour, reported by UBSan in the sanitizer run) before being discarded as too long.
TEST(TimeExpressionNone, NumbersTooLongForADateAreNone) {
  for (const char* text : {"31111111111111111111", "99999999999999999999 days ago",
                           "in 12345678901234567890123 years"}) {
    EXPECT_EQ(Parse(text), R"({"kind":"none"})") << text;
  }
}

// Every corpus record without a holiday, compared field by field with its expected value.
TEST(TimeExpressionCorpus, DucklingCorpusExactRateStaysAboveThreshold) {
  std::ifstream in(CHRONOTRAIL_SOURCE_DIR "/tests/nlp/data/duckling-en-public.json");
  ASSERT_TRUE(in) << "corpus file missing";
  std::stringstream buffer;
  buffer << in.rdbuf();
  boost::json::value corpus = boost::json::parse(buffer.str());
  int total = 0, exact = 0;
  std::string misses;
  for (const boost::json::value& v : corpus.at("records").as_array()) {
    const boost::json::object& r = v.as_object();
    if (r.contains("holiday")) continue;
    ++total;
    auto ref = ParseTimeReference(std::string_view(r.at("reference").as_string()));
    ASSERT_TRUE(ref);
    boost::json::object expected;
    for (const char* key : {"kind", "grain", "value", "from", "to"}) {
      if (r.contains(key)) expected[key] = r.at(key);
    }
    boost::json::value got = boost::json::parse(Parse(std::string(r.at("text").as_string()), *ref));
    if (got == boost::json::value(expected)) {
      ++exact;
    } else {
      misses += "  " + std::string(r.at("text").as_string()) + " -> " +
                boost::json::serialize(got) + "\n";
    }
  }
  EXPECT_EQ(total, 512);
  double rate = double(exact) / total;
  std::cout << "corpus: " << exact << "/" << total << " exact; not exact:\n" << misses;
  EXPECT_GE(rate, 0.99);
}

}  // namespace
}  // namespace chronotrail::nlp
