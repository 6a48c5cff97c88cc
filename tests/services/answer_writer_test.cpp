// Extractive answers: one sentence per intent, from the sources' facts only.
#include "services/answer_writer.h"

#include <gtest/gtest.h>

namespace chronotrail {
namespace {

constexpr Micros kSecond = 1'000'000;
// 2024-03-12T09:14:00Z, a Tuesday.
constexpr Micros kTuesday = 1710234840LL * kSecond;

QuerySource VisitAt(Micros t, const char* name, std::int64_t minutes) {
  QuerySource s;
  s.id = name;
  s.type = "visit";
  s.timestamp = t;
  s.place.names = {name};
  s.place.address = "123 Main St";
  s.content = std::string(name) + ", 123 Main St";
  s.duration_minutes = minutes;
  s.lexical = true;
  return s;
}

QuerySource NoteAt(Micros t, const char* text, bool lexical = true) {
  QuerySource s;
  s.id = text;
  s.type = "note";
  s.timestamp = t;
  s.content = text;
  s.lexical = lexical;
  return s;
}

TEST(AnswerWriter, WhereGivesDayTimePlaceAndDuration) {
  AnswerContext c;
  c.intent = nlp::Intent::kWhere;
  std::string a = WriteAnswer(c, {VisitAt(kTuesday, "Blue Bottle Coffee", 25)});
  EXPECT_EQ(a,
            "On Tue 12 Mar 2024 at 09:14 you were at Blue Bottle Coffee, 123 Main St, for 25 "
            "minutes.");
}

TEST(AnswerWriter, TimesAreShownInTheUsersOffset) {
  AnswerContext c;
  c.intent = nlp::Intent::kWhere;
  c.offset_minutes = -10 * 60;  // Honolulu: still Monday evening
  std::string a = WriteAnswer(c, {VisitAt(kTuesday, "Cafe", 5)});
  EXPECT_TRUE(a.starts_with("On Mon 11 Mar 2024 at 23:14")) << a;
}

TEST(AnswerWriter, YesNeedsEvidenceAndNoSaysWhatWasSearched) {
  AnswerContext c;
  c.intent = nlp::Intent::kYesNo;
  c.scope.keywords = {"swimming"};
  c.scope.time_text = "in 2019";
  EXPECT_TRUE(WriteAnswer(c, {NoteAt(kTuesday, "Went swimming")}).starts_with("Yes \u2014 on "));
  // Only similar in meaning, weakly: not evidence.
  QuerySource weak = NoteAt(kTuesday, "Bought bread", false);
  weak.similarity = 0.2;
  std::string no = WriteAnswer(c, {weak});
  EXPECT_EQ(no, "No \u2014 I found nothing about \u201cswimming\u201d in 2019.");
}

TEST(AnswerWriter, HowLongSumsVisitDurations) {
  AnswerContext c;
  c.intent = nlp::Intent::kHowLong;
  c.scope.time_text = "this week";
  c.all_matches = {VisitAt(kTuesday, "Gym", 45), VisitAt(kTuesday + 86400 * kSecond, "Gym", 110)};
  EXPECT_EQ(WriteAnswer(c, c.all_matches), "2 h 35 min in total this week (2 visits).");
}

TEST(AnswerWriter, HowManyCountsAndListsTheDays) {
  AnswerContext c;
  c.intent = nlp::Intent::kHowMany;
  c.scope.time_text = "in March";
  c.all_matches = {NoteAt(kTuesday, "yoga"), NoteAt(kTuesday + 2 * 86400 * kSecond, "yoga")};
  std::string a = WriteAnswer(c, {});
  EXPECT_TRUE(a.starts_with("2 times in March: Tue 12 Mar 2024; Thu 14 Mar 2024.")) << a;
}

TEST(AnswerWriter, FirstAndLastPickByTime) {
  AnswerContext c;
  c.all_matches = {NoteAt(kTuesday, "Lisbon again"),
                   NoteAt(kTuesday - 400 * 86400 * kSecond, "Lisbon first time")};
  c.intent = nlp::Intent::kWhenFirst;
  EXPECT_NE(WriteAnswer(c, {}).find("Lisbon first time"), std::string::npos);
  c.intent = nlp::Intent::kWhenLast;
  EXPECT_NE(WriteAnswer(c, {}).find("Lisbon again"), std::string::npos);
}

TEST(AnswerWriter, NothingFoundNeverInvents) {
  AnswerContext c;
  c.intent = nlp::Intent::kWhat;
  c.scope.keywords = {"whiteboard"};
  c.scope.places = {"Lisbon"};
  EXPECT_EQ(WriteAnswer(c, {}), "I found nothing about \u201cwhiteboard\u201d in Lisbon.");
}

TEST(AnswerWriter, AHistoryCutIsSaid) {
  AnswerContext c;
  c.intent = nlp::Intent::kFind;
  c.scope.history_cut = kTuesday;
  EXPECT_NE(WriteAnswer(c, {}).find("Your plan reaches back to Tue 12 Mar 2024"),
            std::string::npos);
}

}  // namespace
}  // namespace chronotrail
