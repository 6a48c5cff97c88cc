// The USE-Lite embedder on its own: what it promises through the Embedder interface, its load
// errors, and that its vectors mean something.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ai/use_lite/sentencepiece_tokenizer.h"
#include "support/temp_dir.h"
#include "use_lite_test_support.h"

namespace chronotrail {
namespace {

namespace fs = std::filesystem;
using testing::Cosine;
using testing::SharedUseLite;

// The message of the std::runtime_error that loading `dir` throws ("" when it loads).
std::string LoadError(const std::string& dir) {
  try {
    ai::LoadUseLiteEmbedder(dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

// A model directory whose files link to the real ones, so one of them can be replaced.
void LinkModel(const fs::path& to) {
  for (const auto& entry : fs::directory_iterator(testing::UseLiteModelDir())) {
    fs::create_symlink(entry.path(), to / entry.path().filename());
  }
}

TEST(UseLiteEmbedder, NamesItsSpaceAndReturnsUnitVectors) {
  const ai::Embedder& e = SharedUseLite();
  EXPECT_EQ(e.Id(), "use-lite-512");
  EXPECT_EQ(e.Dimensions(), 512);
  const auto vectors = e.Embed({"first note", "", "a third one, longer than the others"});
  ASSERT_EQ(vectors.size(), 3u);
  for (const auto& v : vectors) {
    ASSERT_EQ(v.size(), 512u);
    double norm = 0;
    for (float x : v) norm += double(x) * x;
    EXPECT_NEAR(norm, 1.0, 1e-5);
  }
  EXPECT_TRUE(e.Embed({}).empty());
}

TEST(UseLiteEmbedder, RelatedSentencesAreCloserThanUnrelatedOnes) {
  const auto v = SharedUseLite().Embed({
      "I had a great cup of coffee this morning.",
      "Espresso at the little café near the office.",
      "Leg day at the gym: squats and deadlifts.",
  });
  const double coffee_coffee = Cosine(v[0], v[1]);
  EXPECT_GT(coffee_coffee, Cosine(v[0], v[2]));
  EXPECT_GT(coffee_coffee, Cosine(v[1], v[2]));
}

// Alone, a short sentence goes through the half-precision kernel for few rows; in a batch,
// through BLAS in float32 (small_gemm.h): the two agree to rounding.
TEST(UseLiteEmbedder, AVectorDoesNotDependOnItsBatch) {
  const std::string text = "Picked up the kids from school and went to the park.";
  const auto alone = SharedUseLite().Embed({text})[0];
  std::vector<std::string> batch = {"short", text, std::string(3000, 'x'), ""};
  batch[2] += " a very long neighbour";
  const auto batched = SharedUseLite().Embed(batch)[1];
  EXPECT_GT(Cosine(alone, batched), 0.99999);
}

TEST(UseLiteEmbedder, OnlyTheFirst128TokensCount) {
  const auto tokenizer =
      ai::use_lite::SentencePieceTokenizer::LoadJson(testing::UseLiteModelDir() + "/vocab.json");
  std::string text;
  while (tokenizer.Encode(text).size() < 128) text += "the cat sat on the mat. ";
  while (tokenizer.Encode(text).size() > 128) text.pop_back();
  ASSERT_EQ(tokenizer.Encode(text).size(), 128u);
  const auto v = SharedUseLite().Embed({text, text + " and then something else entirely"});
  EXPECT_GT(Cosine(v[0], v[1]), 0.999999);
}

TEST(UseLiteEmbedder, IsSafeFromSeveralThreads) {
  const std::vector<std::string> texts = {"walk in the park", "bought new running shoes",
                                          "dentist appointment at 9", "read a novel in bed"};
  std::vector<std::vector<float>> expected;
  for (const std::string& text : texts) expected.push_back(SharedUseLite().Embed({text})[0]);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        const size_t i = size_t(t + round) % texts.size();
        if (SharedUseLite().Embed({texts[i]})[0] != expected[i]) {
          ++mismatches[size_t(t)];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(UseLiteEmbedder, LoadErrorsNameTheFile) {
  testing::TempDir dir;
  EXPECT_NE(LoadError((dir.path() / "nowhere").string()).find("nowhere/vocab.json"),
            std::string::npos);

  // No model.json.
  fs::copy_file(fs::path(testing::UseLiteModelDir()) / "vocab.json", dir.path() / "vocab.json");
  EXPECT_NE(LoadError(dir.path().string()).find("model.json"), std::string::npos);
}

TEST(UseLiteEmbedder, ATruncatedShardIsReported) {
  testing::TempDir dir;
  LinkModel(dir.path());
  fs::remove(dir.path() / "group1-shard7of7");
  std::ofstream(dir.path() / "group1-shard7of7") << std::string(1024, '\0');
  const std::string error = LoadError(dir.path().string());
  EXPECT_NE(error.find("group1-shard7of7"), std::string::npos) << error;
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;

  fs::remove(dir.path() / "group1-shard3of7");
  EXPECT_NE(LoadError(dir.path().string()).find("group1-shard3of7"), std::string::npos);
}

TEST(UseLiteEmbedder, ABadVocabularyIsReported) {
  testing::TempDir dir;
  LinkModel(dir.path());
  fs::remove(dir.path() / "vocab.json");
  std::ofstream(dir.path() / "vocab.json") << R"([["a", -1], ["b"]])";
  const std::string error = LoadError(dir.path().string());
  EXPECT_NE(error.find("vocab.json"), std::string::npos) << error;
}

TEST(UseLiteTokenizer, FollowsTheJsRuntimeConventions) {
  // A small vocabulary whose ids are easy to read; the first six are reserved and never matched.
  std::vector<ai::use_lite::VocabularyPiece> vocabulary = {
      {"\xEF\xBF\xBD", 0}, {"<s>", 0},      {"</s>", 0}, {"x1", 0},          {"x2", 0}, {"x3", 0},
      {"\u2581", -5},      {"\u2581a", -1}, {"b", -2},   {"\u2581ab", -2.5}, {"c", -3}};
  const ai::use_lite::SentencePieceTokenizer tokenizer(vocabulary);
  EXPECT_EQ(tokenizer.Encode(""), std::vector<int>{});
  EXPECT_EQ(tokenizer.Encode("ab"), std::vector<int>{9});                // one piece beats ▁a + b
  EXPECT_EQ(tokenizer.Encode("a b"), (std::vector<int>{7, 6, 8}));       // spaces become ▁
  EXPECT_EQ(tokenizer.Encode("a  c"), (std::vector<int>{7, 6, 6, 10}));  // runs are kept
  // Characters no piece starts with: one id 0 (U+FFFD) per run.
  EXPECT_EQ(tokenizer.Encode("azz"), (std::vector<int>{7, 0}));
  EXPECT_EQ(tokenizer.Encode("ac\xF0\x9F\x98\x80"), (std::vector<int>{7, 10, 0}));
  // NFKC: the fullwidth ｂ is b, the ligature ﬀ is ff.
  EXPECT_EQ(ai::use_lite::PrepareForSentencePiece("ｂ ﬀ"), U"\u2581b\u2581ff");
}

}  // namespace
}  // namespace chronotrail
