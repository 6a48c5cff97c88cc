// Answers worded by a chat model: what the model is given, and the extractive answer whenever
// the model cannot help.
#include "services/sourced_answer.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace chronotrail {
namespace {

constexpr Micros kSecond = 1'000'000;
constexpr Micros kTuesday = 1710234840LL * kSecond;  // 2024-03-12T09:14:00Z

// A model that replies `reply` (or throws when it is empty) and keeps what it was asked.
class ScriptedModel : public ai::ChatModel {
 public:
  explicit ScriptedModel(std::string reply) : reply_(std::move(reply)) {}
  std::string Id() const override { return "scripted"; }
  std::string Complete(const ai::ChatRequest& request) const override {
    asked.push_back(request);
    if (reply_.empty()) throw ApiError(ErrorKind::kUnavailable, "the chat server answered 500");
    return reply_;
  }
  mutable std::vector<ai::ChatRequest> asked;

 private:
  std::string reply_;
};

std::vector<QuerySource> Sources() {
  QuerySource visit;
  visit.id = "v1";
  visit.type = "visit";
  visit.timestamp = kTuesday;
  visit.place.names = {"Blue Bottle Coffee"};
  visit.place.address = "123 Main St";
  visit.content = "Blue Bottle Coffee, 123 Main St: flat white";
  visit.duration_minutes = 25;
  QuerySource note;
  note.id = "n1";
  note.type = "note";
  note.timestamp = kTuesday + 3600 * kSecond;
  note.content = std::string(2000, 'x');
  return {visit, note};
}

TEST(SourcedAnswer, TheModelGetsTheQuestionTheComputedResultAndNumberedSources) {
  AnswerContext c;
  c.offset_minutes = 60;
  c.scope.from = kTuesday - 9 * 3600 * kSecond;
  c.scope.to = kTuesday + 13 * 3600 * kSecond;
  ai::ChatRequest r = SourcedAnswerRequest("where did I have coffee?", c, Sources(), "On Tue …");
  EXPECT_NE(r.system.find("only the numbered sources"), std::string::npos);
  EXPECT_NE(r.system.find("do not guess"), std::string::npos);
  EXPECT_NE(r.user.find("Question: where did I have coffee?\n"), std::string::npos) << r.user;
  EXPECT_NE(r.user.find("Searched: Tue 12 Mar 2024 to Tue 12 Mar 2024\n"), std::string::npos)
      << r.user;
  EXPECT_NE(r.user.find("Computed result: On Tue …\n"), std::string::npos);
  // Times in the user's offset (+01:00), place and duration of the visit.
  EXPECT_NE(r.user.find("[1] Tue 12 Mar 2024 10:14, visit, at Blue Bottle Coffee, 123 Main St, "
                        "for 25 minutes: Blue Bottle Coffee, 123 Main St: flat white\n"),
            std::string::npos)
      << r.user;
  // A long text is cut.
  size_t second = r.user.find("[2] Tue 12 Mar 2024 11:14, note: ");
  ASSERT_NE(second, std::string::npos) << r.user;
  EXPECT_LT(r.user.size() - second, 700u);
}

TEST(SourcedAnswer, TheModelsReplyIsTheAnswer) {
  ScriptedModel model("You had a flat white at Blue Bottle Coffee [1].");
  EXPECT_EQ(WriteSourcedAnswer(&model, "coffee?", {}, Sources(), "extractive"),
            "You had a flat white at Blue Bottle Coffee [1].");
  EXPECT_EQ(model.asked.size(), 1u);
}

TEST(SourcedAnswer, FailureNoSourcesOrNoModelGiveTheExtractiveAnswer) {
  ScriptedModel failing("");
  EXPECT_EQ(WriteSourcedAnswer(&failing, "coffee?", {}, Sources(), "extractive"), "extractive");
  ScriptedModel unused("invented");
  EXPECT_EQ(WriteSourcedAnswer(&unused, "coffee?", {}, {}, "I found nothing"), "I found nothing");
  EXPECT_TRUE(unused.asked.empty());  // nothing to cite: the model is not asked to invent
  EXPECT_EQ(WriteSourcedAnswer(nullptr, "coffee?", {}, Sources(), "extractive"), "extractive");
}

}  // namespace
}  // namespace chronotrail
