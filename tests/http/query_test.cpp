// POST /api/v1/query: questions in plain English, answered from the asking user's records only.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <optional>
#include <string>

#include "media/media_samples.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/payloads.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

constexpr const char* kQuery = "/api/v1/query";

class HttpQuery : public SharedServerTest<HttpQuery> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    if (!HasFatalFailure()) ana_.emplace(NewUser());
  }

  std::string Visit(const char* time, std::initializer_list<const char*> names, int minutes,
                    std::optional<std::pair<double, double>> lon_lat = std::nullopt,
                    const char* description = nullptr) {
    boost::json::array list;
    for (const char* n : names) list.emplace_back(n);
    boost::json::object body{{"visit_time", time}, {"names", list}, {"duration", minutes}};
    if (lon_lat) {
      body["longitude"] = lon_lat->first;
      body["latitude"] = lon_lat->second;
    }
    if (description) body["description"] = description;
    return std::string(CreateRecord(*ana_, "/api/v1/locations", body).at("id").as_string());
  }

  std::string Note(const char* time, const char* text) {
    return std::string(
        CreateRecord(*ana_, "/api/v1/notes", {{"text_content", text}, {"timestamp", time}})
            .at("id")
            .as_string());
  }

  static boost::json::object Question(const char* text) {
    return {{"query", text}, {"timezone", "UTC"}};
  }

  boost::json::value Ask(ApiClient& who, boost::json::object body) {
    HttpResponse r = who.post(kQuery, body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  boost::json::value Ask(const char* text) { return Ask(*ana_, Question(text)); }

  static std::string Answer(const boost::json::value& v) { return StringAt(v, "answer"); }
  static std::string FirstSource(const boost::json::value& v) {
    const auto& sources = v.at("sources").as_array();
    return sources.empty() ? "" : std::string(sources.front().at("id").as_string());
  }
  static bool HasSource(const boost::json::value& v, const std::string& id) {
    for (const auto& s : v.at("sources").as_array()) {
      if (s.at("id").as_string() == id) return true;
    }
    return false;
  }

  std::optional<ApiClient> ana_;
};

TEST_F(HttpQuery, WhereQuestionAnswersWithTheVisitOfThatDay) {
  std::string coffee =
      Visit("2024-03-12T09:14:00Z", {"Blue Bottle Coffee"}, 25, std::nullopt, "flat white");
  Visit("2024-03-12T18:00:00Z", {"Gym"}, 50);
  Visit("2024-03-05T09:00:00Z", {"Other Coffee Place"}, 10);
  boost::json::value v = Ask("where did I have coffee on 12 March 2024?");
  EXPECT_EQ(FirstSource(v), coffee) << v;
  std::string answer = Answer(v);
  EXPECT_NE(answer.find("Tue 12 Mar 2024"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Blue Bottle Coffee"), std::string::npos) << answer;
  EXPECT_NE(answer.find("25 minutes"), std::string::npos) << answer;
  EXPECT_EQ(StringAt(v, "interpretation.intent"), "where");
  EXPECT_EQ(StringAt(v, "interpretation.time_range.from"), "2024-03-12T00:00:00Z");
  EXPECT_FALSE(HasSource(v, "")) << v;
}

TEST_F(HttpQuery, WhatQuestionQuotesTheNote) {
  std::string note = Note("2024-03-11T10:00:00Z", "Whiteboard: ship v2 on Friday, freeze Thursday");
  Note("2024-03-10T10:00:00Z", "Lunch with Eva at the market");
  boost::json::value v = Ask("what did the whiteboard say on 11 March 2024?");
  EXPECT_EQ(FirstSource(v), note) << v;
  EXPECT_NE(Answer(v).find("ship v2 on Friday"), std::string::npos) << Answer(v);
}

TEST_F(HttpQuery, ATimeOfDayWithNothingInItSearchesTheWholeDay) {
  // Notes are often written later than what they tell (here: at noon, about the evening).
  std::string note = Note("2024-03-12T12:00:00Z", "Long call with Willow about the move");
  Note("2024-03-13T12:00:00Z", "Another call with Willow");
  boost::json::value v = Ask("who did I call in the early evening on 12 March 2024?");
  EXPECT_EQ(FirstSource(v), note) << v;
  EXPECT_EQ(StringAt(v, "interpretation.time_range.from"), "2024-03-12T00:00:00Z") << v;
  EXPECT_EQ(v.at("sources").as_array().size(), 1u) << v;
}

TEST_F(HttpQuery, HowLongSumsTheVisitsInTheRange) {
  Visit("2024-03-04T18:00:00Z", {"Gym"}, 45);
  Visit("2024-03-20T18:00:00Z", {"Gym"}, 50);
  Visit("2024-04-02T18:00:00Z", {"Gym"}, 60);  // another month
  Visit("2024-03-21T09:00:00Z", {"Library"}, 120);
  boost::json::value v = Ask("how long was I at the gym in March 2024?");
  EXPECT_NE(Answer(v).find("1 h 35 min in total"), std::string::npos) << Answer(v);
  EXPECT_EQ(StringAt(v, "interpretation.intent"), "how_long");
}

TEST_F(HttpQuery, HowManyCountsEveryMatchAndWhenLastFindsTheLatestAmongHundreds) {
  // More matches than a ranked list holds (it used to stop at the best 500).
  char time[32];
  for (int i = 0; i < 520; ++i) {
    std::snprintf(time, sizeof time, "2023-%02d-%02dT%02d:00:00Z", 1 + i % 12, 1 + i / 12 % 28,
                  8 + i / 336);
    Note(time,
         i % 2 ? "Yoga class" : "Yoga class in the park, long and slow, with the usual crowd");
  }
  Note("2022-06-01T08:00:00Z", "Yoga class");
  Note("2023-12-31T20:00:00Z", "Yoga class");
  boost::json::value many = Ask("how many times did I do yoga in 2023?");
  EXPECT_TRUE(Answer(many).starts_with("521 times in 2023")) << Answer(many);
  boost::json::value last = Ask("when did I last do yoga?");
  EXPECT_NE(Answer(last).find("Sun 31 Dec 2023"), std::string::npos) << Answer(last);
}

TEST_F(HttpQuery, YesNoSaysYesWithTheEvidenceAndNoWhenNothingMatches) {
  Note("2019-07-14T12:00:00Z", "Went swimming in the lake with Riley");
  boost::json::value yes = Ask("did I go swimming in 2019?");
  EXPECT_TRUE(Answer(yes).starts_with("Yes")) << Answer(yes);
  EXPECT_NE(Answer(yes).find("swimming in the lake"), std::string::npos);
  boost::json::value no = Ask("did I go skiing in 2021?");
  EXPECT_TRUE(Answer(no).starts_with("No")) << Answer(no);
  EXPECT_TRUE(no.at("sources").as_array().empty()) << no;
}

TEST_F(HttpQuery, NothingFoundSaysWhatWasSearched) {
  Note("2024-01-05T12:00:00Z", "Dentist appointment moved to Friday");
  boost::json::value v = Ask("what did I eat in Tokyo in 2010?");
  std::string answer = Answer(v);
  EXPECT_TRUE(answer.starts_with("I found nothing")) << answer;
  EXPECT_NE(answer.find("2010"), std::string::npos) << answer;
}

TEST_F(HttpQuery, ACityMatchesRecordsLocatedThereWhoseTextNeverNamesIt) {
  // Pastéis de Belém, Lisbon; the record says nothing of Lisbon.
  std::string there =
      Visit("2024-02-01T15:00:00Z", {"Pastelaria"}, 30, std::pair{-9.2033, 38.6975});
  Visit("2024-02-02T15:00:00Z", {"Bakery"}, 30, std::pair{2.3522, 48.8566});  // Paris
  boost::json::value v = Ask("where was I in Lisbon?");
  EXPECT_EQ(FirstSource(v), there) << v;
}

TEST_F(HttpQuery, AFollowUpInTheSameSessionReusesTheSubject) {
  Visit("2024-03-12T09:14:00Z", {"Blue Bottle Coffee"}, 25);
  std::string before = Visit("2024-03-11T08:30:00Z", {"Corner Coffee"}, 15);
  boost::json::value first = Ask("where did I have coffee on 12 March 2024?");
  std::string session = StringAt(first, "session_id");
  ASSERT_FALSE(session.empty());
  boost::json::object follow = Question("and the day before?");
  follow["session_id"] = session;
  boost::json::value second = Ask(*ana_, follow);
  EXPECT_EQ(FirstSource(second), before) << second;
  EXPECT_EQ(StringAt(second, "session_id"), session);
}

TEST_F(HttpQuery, FindsByMeaningWhenNoWordMatches) {
  std::string note = Note("2024-05-02T12:00:00Z", "Bought a new espresso machine and a grinder");
  Note("2024-05-03T12:00:00Z", "Ran 10 km along the river before work");
  Note("2024-05-04T12:00:00Z", "Finished reading a novel about a lighthouse keeper");
  boost::json::value v = Ask("what coffee gear did I get?");
  EXPECT_EQ(FirstSource(v), note) << v;
  EXPECT_NE(Answer(v).find("espresso machine"), std::string::npos) << Answer(v);
}

TEST_F(HttpQuery, AnotherUserSeesNothingOfMine) {
  Note("2024-03-11T10:00:00Z", "Secret: the launch code is tangerine");
  ApiClient bob = NewUser();
  boost::json::value v = Ask(bob, Question("what is the launch code?"));
  EXPECT_TRUE(v.at("sources").as_array().empty()) << v;
  EXPECT_EQ(boost::json::serialize(v).find("tangerine"), std::string::npos) << v;
}

TEST_F(HttpQuery, BadInputIs400AndCountsNothing) {
  EXPECT_EQ(ana_->post(kQuery, {{"query", "   "}}).status, 400);
  EXPECT_EQ(ana_->post(kQuery, {{"timezone", "UTC"}}).status, 400);
  EXPECT_EQ(ana_->post(kQuery, {{"query", "hi"}, {"timezone", "Mars/Olympus"}}).status, 400);
  EXPECT_EQ(ana_->post(kQuery, {{"query", std::string(1001, 'a')}}).status, 400);
  HttpResponse usage = ana_->get("/api/v1/usage");
  EXPECT_EQ(At(usage.json(), "queries_count").as_int64(), 0) << usage.body;
}

TEST_F(HttpQuery, FreeTierGetsTenQuestionsADay) {
  ApiClient free_user = NewUser("free");
  for (int i = 0; i < 10; ++i) {
    HttpResponse r = free_user.post(kQuery, Question("anything new?"));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("X-Usage-Limit"), "10");
  }
  HttpResponse over = free_user.post(kQuery, Question("anything new?"));
  EXPECT_EQ(over.status, 429) << over.body;
  EXPECT_EQ(StringAt(over.json(), "error"), "USAGE_LIMIT_EXCEEDED");
}

TEST_F(HttpQuery, TheHistoryWindowIsSaidInTheAnswer) {
  ApiClient free_user = NewUser("free");
  // A free tier reaches three months back; this note is older.
  CreateRecord(free_user, "/api/v1/notes",
               {{"text_content", "Old trip to Porto"}, {"timestamp", "2020-06-01T12:00:00Z"}});
  boost::json::value v = Ask(free_user, Question("when did I go to Porto?"));
  EXPECT_NE(Answer(v).find("Your plan reaches back to"), std::string::npos) << Answer(v);
  EXPECT_TRUE(Has(v, "interpretation.history_limited_to"));
  EXPECT_TRUE(v.at("sources").as_array().empty()) << v;
}

TEST_F(HttpQuery, FindsThePhotoByItsTextAndTheVoiceNoteByWhatWasSaid) {
  TempDir dir;
  MakeTextPhoto(dir.path() / "sign.jpg", "PLATFORM NINE");
  HttpResponse photo = UploadFile(*ana_, kPhotos, dir.path() / "sign.jpg",
                                  {{"timestamp", "2024-04-02T08:00:00Z"}, {"names", "Station"}});
  ASSERT_EQ(photo.status, 201) << photo.body;
  std::string photo_id = StringAt(photo.json(), "file_id");
  WaitUntilProcessed(*ana_, photo_id);
  HttpResponse voice =
      UploadFile(*ana_, kVoice, ShortSpeechWav(), {{"timestamp", "2024-04-03T08:00:00Z"}});
  ASSERT_EQ(voice.status, 201) << voice.body;
  std::string voice_id = StringAt(voice.json(), "file_id");
  WaitUntilProcessed(*ana_, voice_id);
  Note("2024-04-02T09:00:00Z", "Train was late again");

  boost::json::value sign = Ask("what did the sign at the station say?");
  EXPECT_EQ(FirstSource(sign), photo_id) << sign;
  EXPECT_NE(Answer(sign).find("PLATFORM NINE"), std::string::npos) << Answer(sign);
  ASSERT_FALSE(sign.at("media_references").as_array().empty()) << sign;
  EXPECT_EQ(StringAt(sign, "media_references.0.media_id"), photo_id);
  EXPECT_EQ(StringAt(sign, "media_references.0.media_type"), "photo");

  // The recording says "he was not an ill disposed young man".
  boost::json::value said = Ask("the voice note about the young man");
  EXPECT_TRUE(HasSource(said, voice_id)) << said;
}

TEST_F(HttpQuery, TheOldSpellingWithASlashAnswersToo) {
  EXPECT_EQ(ana_->post("/api/v1/query/", Question("anything?")).status, 200);
}

}  // namespace
}  // namespace chronotrail::testing
