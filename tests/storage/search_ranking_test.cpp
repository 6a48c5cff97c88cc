// How the stores rank and count full-text matches: every match unranked for counting
// (MatchingDocs), BM25 on the embedded store with weights from the matched documents, and at most
// 1,500 documents ranked there unless the filter leaves too few of them.
#include <gtest/gtest.h>

#include <set>

#include "storage/search_index_fixture.h"

namespace chronotrail {
namespace {

class SearchRankingTest : public SearchIndexTest {
 protected:
  std::set<std::string> Matching(const std::string& user, std::vector<std::string> terms,
                                 TermMatch match, SearchFilter filter = {}, int limit = 1000) {
    std::set<std::string> ids;
    for (const SearchHit& h : store_->MatchingDocs(user, terms, match, filter, limit)) {
      EXPECT_EQ(h.score, 0);
      ids.insert(h.record_id);
    }
    return ids;
  }
};

// The embedded store's own ranking (PostgreSQL ranks with ts_rank_cd).
class EmbeddedRankingTest : public SearchRankingTest {};

TEST_P(SearchRankingTest, MatchingDocsAreEveryMatchOfTheUserInTheFilter) {
  Note gym_2024 = AddNote(ana_, "Went to the gym", kJan1);
  Note gym_eva = AddNote(ana_, "Gym with Eva", kJan1 + kDay);
  Note gym_2023 = AddNote(ana_, "Gym before the holidays", kJan1 - 10 * kDay);
  Note eva = AddNote(ana_, "Coffee with Eva", kJan1 + 2 * kDay);
  AddNote(bob_, "Gym with Eva", kJan1);

  EXPECT_EQ(Matching(ana_, {"gym"}, TermMatch::kAny),
            (std::set<std::string>{gym_2024.id, gym_eva.id, gym_2023.id}));
  EXPECT_EQ(Matching(ana_, {"gym", "eva"}, TermMatch::kAll), std::set<std::string>{gym_eva.id});
  EXPECT_EQ(Matching(ana_, {"gym", "eva"}, TermMatch::kAny),
            (std::set<std::string>{gym_2024.id, gym_eva.id, gym_2023.id, eva.id}));
  SearchFilter in_2024;
  in_2024.range.from = kJan1;
  EXPECT_EQ(Matching(ana_, {"gym"}, TermMatch::kAny, in_2024),
            (std::set<std::string>{gym_2024.id, gym_eva.id}));
  // No words: every document in the filter.
  EXPECT_EQ(Matching(ana_, {}, TermMatch::kAny, in_2024),
            (std::set<std::string>{gym_2024.id, gym_eva.id, eva.id}));
  EXPECT_EQ(Matching(ana_, {"gym"}, TermMatch::kAny, {}, 2).size(), 2u);
  EXPECT_TRUE(Matching(ana_, {"zebra"}, TermMatch::kAny).empty());
  for (const char* hostile : {"\"", "a OR b", "NEAR(", "'); DROP TABLE"}) {
    EXPECT_NO_THROW(Matching(ana_, {hostile, "gym"}, TermMatch::kAll)) << hostile;
  }
}

TEST_P(EmbeddedRankingTest, TheRarerWordOfTheQuestionWeighsMore) {
  for (int i = 0; i < 6; ++i) AddNote(ana_, "Walked in the park", kJan1 + i * kDay);
  Note heron = AddNote(ana_, "Walked by a heron", kJan1 + 7 * kDay);
  Note both = AddNote(ana_, "A heron in the park", kJan1 + 8 * kDay);
  std::vector<std::string> found = Find(ana_, {"park", "heron"});
  ASSERT_EQ(found.size(), 8u);
  EXPECT_EQ(found[0], both.id);
  EXPECT_EQ(found[1], heron.id);
}

TEST_P(EmbeddedRankingTest, ShorterAndRepeatingMatchesRankFirst) {
  Note long_one =
      AddNote(ana_, "Coffee and a long talk about budgets, plans and the weather", kJan1);
  Note twice = AddNote(ana_, "Coffee, then more coffee", kJan1 + kDay);
  Note short_one = AddNote(ana_, "Coffee alone", kJan1 + 2 * kDay);
  EXPECT_EQ(Find(ana_, {"coffee"}, {}, TermMatch::kAll),
            (std::vector<std::string>{twice.id, short_one.id, long_one.id}));
}

TEST_P(EmbeddedRankingTest, OnlyTheNewest1500AreRankedUnlessTheFilterLeavesTooFew) {
  // 100 short notes written first (2019), then 1,500 longer ones (2024). Ranked together, the
  // short ones would come first; only the 1,500 written last are ranked.
  auto insert = [&](int count, const std::string& text, Micros at, const std::string& prefix) {
    ExecRaw("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
            std::to_string(count) +
            ")"
            " INSERT INTO text_notes (id, user_id, text_content, timestamp, created_at, updated_at)"
            " SELECT '" +
            prefix + "' || i, '" + ana_ + "', '" + text + "', " + std::to_string(at) +
            " + i, 0, 0 FROM n");
  };
  const Micros in_2019 = kJan1 - 5 * 365 * kDay;
  insert(100, "river", in_2019, "old-");
  insert(1500, "ran along the river today", kJan1, "new-");
  for (const std::string& id : Find(ana_, {"river"})) EXPECT_EQ(id.rfind("new-", 0), 0u) << id;

  SearchFilter old;
  old.range.to = kJan1 - 1;
  std::vector<std::string> found = Find(ana_, {"river"}, old);
  ASSERT_EQ(found.size(), 50u);
  for (const std::string& id : found) EXPECT_EQ(id.rfind("old-", 0), 0u) << id;
  // Counting is not windowed.
  EXPECT_EQ(store_->MatchingDocs(ana_, {"river"}, TermMatch::kAny, {}, 5000).size(), 1600u);
}

INSTANTIATE_TEST_SUITE_P(Stores, SearchRankingTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Stores, EmbeddedRankingTest, ::testing::Values("sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace chronotrail
