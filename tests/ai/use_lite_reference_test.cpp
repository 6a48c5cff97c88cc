// Our USE-Lite against the model's own JavaScript runtime, run by node in the test itself
// (tests/ai/use_lite_reference.js, packages from tests/npm): the same token ids for every text,
// and vectors with cosine >= 0.999 (in practice they agree to float rounding).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "ai/use_lite/sentencepiece_tokenizer.h"
#include "support/child_process.h"
#include "support/s3_test_server.h"
#include "support/temp_dir.h"
#include "use_lite_test_support.h"

namespace chronotrail {
namespace {

using testing::Cosine;

std::string LongText(int sentences) {
  const std::vector<std::string> parts = {
      "Spent the morning at the farmers market buying tomatoes, basil and fresh bread.",
      "In the afternoon we hiked up to the old lighthouse; the wind was brutal!",
      "Back home by 6 pm, cooked pasta and watched a documentary about octopuses.",
      "Note to self: renew the passport before the trip to Lisbon in September.",
  };
  std::string text;
  for (int i = 0; i < sentences; ++i) text += (i ? " " : "") + parts[size_t(i) % parts.size()];
  return text;
}

// Varied on purpose: lengths, punctuation, digits, case, accents and other scripts, emoji,
// NFKC-sensitive characters, whitespace runs, and pieces the vocabulary scores oddly (":30").
std::vector<std::string> Texts() {
  return {
      "",
      "a",
      "Hi",
      "I like coffee",
      "I love drinking coffee in the morning.",
      "Espresso with a splash of milk at the café downstairs.",
      "Went to the gym and lifted weights for an hour.",
      "Meeting at 10:30 with Dr. Smith re: Q3 budget ($1,200.50).",
      "Call mom!!! She said: 'don't forget the 3rd of May…'",
      "naïve café résumé déjà vu — Zoë's piñata",
      "Straße in München, Ærø, Łódź, Þingvellir",
      "東京で寿司を食べた",
      "Привет, как дела?",
      "Ελληνικά and English mixed",
      "🎉🎂 Happy birthday!!! 🥳",
      "coffee ☕️ + croissant 🥐 = ❤️",
      "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG",
      "tHe QuIcK bRoWn FoX",
      "  leading and trailing spaces  ",
      "multiple     spaces    between",
      "tabs\tand\nnewlines\r\ttoo",
      "ﬁnancial ofﬁce ① ② ＦＵＬＬＷＩＤＴＨ ½ ™",
      "e\xCC\x81 decomposed accent, and the composed \xC3\xA9",
      "1234567890 3.14159 2024-05-17T08:00:00Z +44 20 7946 0958",
      "https://example.com/path?query=1&x=y",
      "user@example.com #hashtag @mention",
      ":30 past :00 :) :( :-) 10:30:00",
      "....!!!???",
      "don't won't can't I'm you're y'all",
      "C++20, std::vector<int> & co.",
      "It's raining cats and dogs 🌧️🐈🐕",
      "Dinner with Anna at the Italian place on 5th street, pasta was great.",
      "Finished reading 'The Left Hand of Darkness' by Ursula K. Le Guin.",
      "Flight LH 1234 from FRA to JFK delayed by 3h 45min",
      LongText(5),   // about 100 tokens
      LongText(12),  // well over 128 tokens: both sides keep the first 128
  };
}

struct Reference {
  std::vector<std::vector<int>> tokens;
  std::vector<std::vector<float>> vectors;
};

// Runs node once for all tests of this file.
const Reference& JsReference() {
  static const Reference reference = [] {
    const std::string node = testing::FindOnPath("node");
    if (node.empty()) throw std::runtime_error("node is not on PATH (run scripts/bootstrap test)");
    testing::TempDir dir;
    const std::string input = (dir.path() / "texts.json").string();
    boost::json::array texts;
    for (const std::string& t : Texts()) texts.emplace_back(t);
    std::ofstream(input) << boost::json::serialize(texts);
    const char* path = std::getenv("PATH");
    testing::ChildProcess child(
        {node, std::string(CHRONOTRAIL_SOURCE_DIR) + "/tests/ai/use_lite_reference.js", input,
         testing::UseLiteModelDir()},
        {std::string("PATH=") + (path ? path : "/usr/bin:/bin")});
    const std::optional<int> code = child.wait_for_exit(std::chrono::minutes(5));
    if (code != 0) {
      throw std::runtime_error("use_lite_reference.js failed: " + child.stderr_text());
    }
    const boost::json::object out = boost::json::parse(child.stdout_text()).as_object();
    Reference r;
    for (const boost::json::value& ids : out.at("tokens").as_array()) {
      r.tokens.emplace_back();
      for (const boost::json::value& id : ids.as_array()) {
        r.tokens.back().push_back(int(id.to_number<std::int64_t>()));
      }
    }
    for (const boost::json::value& vector : out.at("vectors").as_array()) {
      r.vectors.emplace_back();
      for (const boost::json::value& x : vector.as_array()) {
        r.vectors.back().push_back(x.to_number<float>());
      }
    }
    return r;
  }();
  return reference;
}

TEST(UseLiteReference, TokenIdsMatchTheJsTokenizer) {
  const auto tokenizer =
      ai::use_lite::SentencePieceTokenizer::LoadJson(testing::UseLiteModelDir() + "/vocab.json");
  const std::vector<std::string> texts = Texts();
  const Reference& js = JsReference();
  ASSERT_EQ(js.tokens.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(tokenizer.Encode(texts[i]), js.tokens[i]) << "text: " << texts[i];
  }
  EXPECT_GT(js.tokens.back().size(), 128u) << "the long text should exceed the encoder's 128";
}

TEST(UseLiteReference, VectorsMatchTheJsRuntime) {
  const std::vector<std::string> texts = Texts();
  const Reference& js = JsReference();
  ASSERT_EQ(js.vectors.size(), texts.size());
  // All at once (batched) and one by one must both match.
  const std::vector<std::vector<float>> batched = testing::SharedUseLite().Embed(texts);
  ASSERT_EQ(batched.size(), texts.size());
  double lowest = 1;
  for (size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(js.vectors[i].size(), 512u);
    const std::vector<float> alone = testing::SharedUseLite().Embed({texts[i]})[0];
    const double cosine = Cosine(batched[i], js.vectors[i]);
    EXPECT_GE(cosine, 0.999) << "text: " << texts[i];
    EXPECT_GE(Cosine(alone, js.vectors[i]), 0.999) << "text: " << texts[i];
    lowest = std::min(lowest, cosine);
  }
  std::cout << "lowest cosine with the JS runtime over " << texts.size()
            << " texts: " << std::setprecision(9) << lowest << "\n";
  RecordProperty("lowest_cosine", std::to_string(lowest));
}

}  // namespace
}  // namespace chronotrail
