// SearchService by words, on a real SQLite store: documents with every term come first, and the
// others fill the list only while it is short.
#include "services/search.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "core/ids.h"
#include "core/limits.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace chronotrail {
namespace {

constexpr Micros kJan1 = 1'704'067'200'000'000;  // 2024-01-01T00:00:00Z
constexpr Micros kDay = 86'400'000'000;

class SearchServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<SqliteStore>((dir_.path() / "s.db").string(), 2);
    store_->Migrate();
    User u;
    u.id = NewId();
    u.email = "ana@example.com";
    u.auth_issuer = "chronotrail-local";
    u.auth_subject = u.email;
    u.tier = Tier::kPro;
    ana_ = store_->FindOrCreateUser(u).id;
    search_ = std::make_unique<SearchService>(*store_, nullptr);
  }

  std::string AddNote(const std::string& text, Micros at) {
    Note n;
    n.id = NewId();
    n.user_id = ana_;
    n.text = text;
    n.timestamp = at;
    n.created_at = n.updated_at = at;
    EXPECT_TRUE(store_->InsertNote(n, {"2024-01-01", UsageKind::kContent, kUnlimited}).accepted);
    return n.id;
  }

  std::vector<std::string> Ids(const std::vector<SearchHit>& hits) {
    std::vector<std::string> ids;
    for (const SearchHit& h : hits) ids.push_back(h.record_id);
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SearchService> search_;
  std::string ana_;
};

TEST_F(SearchServiceTest, DocumentsWithEveryTermComeFirstAndTheOthersFillTheList) {
  std::string alone = AddNote("Lunch alone, lunch again, lunch at last", kJan1);
  std::string both = AddNote("Lunch with Eva", kJan1 + kDay);
  std::string call = AddNote("Called Eva", kJan1 + 2 * kDay);
  std::vector<std::string> all = Ids(search_->Lexical(ana_, {"lunch", "eva"}, {}, 10));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], both);
  EXPECT_EQ(std::set<std::string>(all.begin() + 1, all.end()),
            (std::set<std::string>{alone, call}));
  // A full list of documents with every term needs no others.
  EXPECT_EQ(Ids(search_->Lexical(ana_, {"lunch", "eva"}, {}, 1)), std::vector<std::string>{both});
  // The same term twice is one term.
  EXPECT_EQ(Ids(search_->Lexical(ana_, {"eva", "eva"}, {}, 10)).size(), 2u);
}

TEST_F(SearchServiceTest, TheFilterAppliesToBothLists) {
  AddNote("Lunch with Eva", kJan1);
  std::string later = AddNote("Lunch alone", kJan1 + 10 * kDay);
  SearchFilter f;
  f.range.from = kJan1 + kDay;
  EXPECT_EQ(Ids(search_->Lexical(ana_, {"lunch", "eva"}, f, 10)), std::vector<std::string>{later});
}

}  // namespace
}  // namespace chronotrail
