#include "nlp/time_in_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace chronotrail::nlp {
namespace {

// Thursday 2023-01-05, noon UTC.
const TimeReference kRef = *ParseTimeReference("2023-01-05T12:00:00+00:00");

struct Found {
  std::string span, rest, json;
};

Found Find(const std::string& text, Tense tense = Tense::kPast) {
  TimeInText t = FindTimeExpression(text, kRef, tense);
  if (!t.found()) return {"", t.rest, TimeExpressionJson(t.time)};
  return {text.substr(t.begin, t.end - t.begin), t.rest, TimeExpressionJson(t.time)};
}

std::string Day(const std::string& date) {
  return "{\"kind\":\"instant\",\"grain\":\"day\",\"value\":\"" + date + "T00:00:00+00:00\"}";
}
std::string Month(const std::string& date) {
  return "{\"kind\":\"instant\",\"grain\":\"month\",\"value\":\"" + date + "-01T00:00:00+00:00\"}";
}

TEST(TimeInText, FindsTheExpressionAndTheRest) {
  Found f = Find("where did I have coffee last tuesday?");
  EXPECT_EQ(f.span, "last tuesday");
  EXPECT_EQ(f.rest, "where did I have coffee?");
  EXPECT_EQ(f.json, Day("2022-12-27"));  // the grammar's "last": the Tuesday of last week

  f = Find("did I go to Lisbon in 2019?");
  EXPECT_EQ(f.span, "in 2019");
  EXPECT_EQ(f.rest, "did I go to Lisbon?");
  EXPECT_EQ(f.json,
            "{\"kind\":\"instant\",\"grain\":\"year\",\"value\":\"2019-01-01T00:00:00+00:00\"}");

  f = Find("how long was I at the gym this week");
  EXPECT_EQ(f.span, "this week");
  EXPECT_EQ(f.rest, "how long was I at the gym");

  f = Find("yesterday, where was I?");
  EXPECT_EQ(f.span, "yesterday");
  EXPECT_EQ(f.rest, ", where was I?");
  EXPECT_EQ(f.json, Day("2023-01-04"));
}

TEST(TimeInText, LongestLeftmost) {
  EXPECT_EQ(Find("where was I at 3pm on Friday").span, "at 3pm on Friday");
  EXPECT_EQ(Find("what happened between March 3 and March 10?").span,
            "between March 3 and March 10");
  EXPECT_EQ(Find("how long did I talk to Ariana in the late afternoon on 2006/01/24?").span,
            "in the late afternoon on 2006/01/24");
  EXPECT_EQ(Find("what did I do the day before yesterday").span, "the day before yesterday");
  EXPECT_EQ(Find("notes from 2021 about 2019").span, "from 2021");
}

TEST(TimeInText, DatesAsTimelineQaWritesThem) {
  EXPECT_EQ(Find("what did I eat for breakfast on 2010/09/21").json, Day("2010-09-21"));
  EXPECT_EQ(Find("where did I visit during my trip to Dubai, UAE on 2012/05").json,
            Month("2012-05"));
  EXPECT_EQ(Find("List all the dinner dishes that Sadie had in June of 2018?").span,
            "in June of 2018");
  EXPECT_EQ(Find("List all the dinner dishes that Sadie had in June of 2018?").json,
            Month("2018-06"));
  EXPECT_EQ(Find("How many times did I travel to Sydney in year 2019?").span, "in year 2019");
  EXPECT_EQ(Find("How many times news have I watched in total since 2012?").json,
            "{\"kind\":\"open_after\",\"grain\":\"year\",\"from\":\"2012-01-01T00:00:00+00:00\"}");
  EXPECT_EQ(Find("did I go running in the summer of 2019").json,
            "{\"kind\":\"interval\",\"grain\":\"day\",\"from\":\"2019-06-21T00:00:00+00:00\","
            "\"to\":\"2019-09-24T00:00:00+00:00\"}");
}

TEST(TimeInText, QuestionsLookBack) {
  EXPECT_EQ(Find("did I go to the gym in March?").json, Month("2022-03"));
  EXPECT_EQ(Find("did I go to the gym in March?", Tense::kAsSaid).json, Month("2023-03"));
  EXPECT_EQ(Find("what did I do on Tuesday").json, Day("2023-01-03"));
  EXPECT_EQ(Find("what did I do on Tuesday", Tense::kAsSaid).json, Day("2023-01-10"));
  EXPECT_EQ(Find("where was I on the 15th").json, Day("2022-12-15"));
  EXPECT_EQ(Find("where was I on Dec 25").json, Day("2022-12-25"));
  // Said future stays future.
  EXPECT_EQ(Find("what is on next tuesday").json, Day("2023-01-10"));
  EXPECT_EQ(Find("remind me tomorrow").json, Day("2023-01-06"));
  // "N days ago" is that whole day, not 72 hours back to the hour.
  EXPECT_EQ(Find("what did I eat 3 days ago").json, Day("2023-01-02"));
  EXPECT_EQ(Find("what did I eat 3 days ago", Tense::kAsSaid).json,
            "{\"kind\":\"instant\",\"grain\":\"hour\",\"value\":\"2023-01-02T12:00:00+00:00\"}");
  // "from X" alone in a question is "during X".
  Found f = Find("photos from last summer");
  EXPECT_EQ(f.span, "from last summer");
  EXPECT_EQ(f.rest, "photos");
  EXPECT_EQ(f.json,
            "{\"kind\":\"interval\",\"grain\":\"day\",\"from\":\"2022-06-21T00:00:00+00:00\","
            "\"to\":\"2022-09-24T00:00:00+00:00\"}");
}

TEST(TimeInText, OrdinaryWordsAreNotTimes) {
  for (const char* text :
       {"may I see my notes", "did I march in the parade", "the second time I went to Porto",
        "photos of the sun", "when did I first go there", "when was the last time I ran",
        "who did I eat Indian food with at Nuts 4 Nuts ?",
        "when did we eat at Seoul Bamdokkaebi Night Market?", "my morning coffee",
        "chrissy teigen’s 3-ingredient chocolate mousse", "did I fall at the gym",
        "spring water at the shop", "I sat down with Sofia", "how many times did I go",
        "how long did I spend reading"}) {
    EXPECT_EQ(Find(text).span, "") << text;
  }
  // But the same words as names or next to a number are.
  EXPECT_EQ(Find("did I go to the gym in May").span, "in May");
  EXPECT_EQ(Find("did I go in may").span, "in may");
  EXPECT_EQ(Find("what did I do on may 5").span, "on may 5");
  EXPECT_EQ(Find("what did I do last sat").span, "last sat");
  EXPECT_EQ(Find("did we go hiking in the spring").span, "in the spring");
}

TEST(TimeInText, MealsStayWords) {
  Found f = Find("what did I eat for lunch 3 days ago");
  EXPECT_EQ(f.span, "3 days ago");
  EXPECT_EQ(f.rest, "what did I eat for lunch");
}

TEST(TimeInText, NoTimeLeavesTheTextAlone) {
  TimeInText t = FindTimeExpression("show me the photos from the station", kRef);
  EXPECT_FALSE(t.found());
  EXPECT_EQ(t.rest, "show me the photos from the station");
  EXPECT_FALSE(FindTimeExpression("", kRef).found());
  EXPECT_FALSE(FindTimeExpression("?!", kRef).found());
}

TEST(TimeInText, CoveringDaysWidensSubDayTimes) {
  TimeInText t = FindTimeExpression("in the late afternoon on 2006/01/24", kRef);
  EXPECT_EQ(TimeExpressionJson(CoveringDays(t.time)),
            "{\"kind\":\"interval\",\"grain\":\"day\",\"from\":\"2006-01-24T00:00:00+00:00\","
            "\"to\":\"2006-01-25T00:00:00+00:00\"}");
  t = FindTimeExpression("at 3pm yesterday", kRef);
  EXPECT_EQ(TimeExpressionJson(CoveringDays(t.time)), Day("2023-01-04"));
  t = FindTimeExpression("in 2019", kRef);
  EXPECT_EQ(TimeExpressionJson(CoveringDays(t.time)), TimeExpressionJson(t.time));
}

TEST(TimeInText, FastOnQuestions) {
  auto t0 = std::chrono::steady_clock::now();
  int found = 0;
  for (int i = 0; i < 2000; ++i) {
    found += FindTimeExpression(
                 "how long did I talk to Penelope, Sofia, Eva, Riley during lunch "
                 "hours on 2022/11/30?",
                 kRef)
                 .found();
    found += FindTimeExpression("where did I have coffee with Eva after the meeting", kRef).found();
  }
  double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
      4000;
  std::cout << "[ speed    ] FindTimeExpression " << us << " us per question\n";
  EXPECT_EQ(found, 2000);  // the speed is reported, not asserted
}

}  // namespace
}  // namespace chronotrail::nlp
