// The search index of both stores: documents follow their records in the same transaction
// (insert, edit, delete, user deletion), full-text search is per user and filtered, and vectors
// are kept only for the text they were made from.
#include <gtest/gtest.h>

#include <set>

#include "storage/search_index_fixture.h"

namespace chronotrail {
namespace {

TEST_P(SearchIndexTest, WordsFindTheUsersOwnRecordsOnly) {
  Note coffee = AddNote(ana_, "Flat white at Blue Bottle", kJan1);
  AddNote(bob_, "Flat white with Bob's colleagues", kJan1);
  EXPECT_EQ(Find(ana_, {"white"}), std::vector<std::string>{coffee.id});
  // Stemmed: "whites" finds "white".
  EXPECT_EQ(Find(ana_, {"whites"}), std::vector<std::string>{coffee.id});
  EXPECT_TRUE(Find(ana_, {"colleagues"}).empty());
}

TEST_P(SearchIndexTest, AllTermsFindOnlyDocumentsWithEveryWord) {
  Note both = AddNote(ana_, "Lunch with Eva at the market", kJan1);
  Note one = AddNote(ana_, "Lunch alone", kJan1 + kDay);
  AddNote(bob_, "Lunch with Eva", kJan1);
  EXPECT_EQ(Find(ana_, {"lunch", "eva"}, {}, TermMatch::kAll), std::vector<std::string>{both.id});
  // A term of several words needs each of them.
  EXPECT_EQ(Find(ana_, {"the market", "lunch"}, {}, TermMatch::kAll),
            std::vector<std::string>{both.id});
  std::vector<std::string> any = Find(ana_, {"lunch", "eva"});
  EXPECT_EQ(std::set<std::string>(any.begin(), any.end()),
            (std::set<std::string>{both.id, one.id}));
  for (const char* hostile : {"\"", "a OR b", "NEAR(", "'); DROP TABLE"}) {
    EXPECT_NO_THROW(Find(ana_, {hostile, "lunch"}, {}, TermMatch::kAll)) << hostile;
  }
}

TEST_P(SearchIndexTest, TheRevisionChangesWithEveryDeletionAndLeavesWithTheUser) {
  Note a = AddNote(ana_, "one", kJan1);
  Note b = AddNote(ana_, "two", kJan1);
  const std::int64_t before = store_->SearchRevision(ana_);
  const std::int64_t bobs = store_->SearchRevision(bob_);
  // Deleting the older document leaves the newest rev as it was: the deletion must still show.
  ASSERT_TRUE(store_->DeleteNote(ana_, a.id));
  const std::int64_t after = store_->SearchRevision(ana_);
  EXPECT_NE(after, before);
  EXPECT_EQ(store_->SearchRevision(bob_), bobs);
  ASSERT_TRUE(store_->DeleteNote(ana_, b.id));
  EXPECT_NE(store_->SearchRevision(ana_), after);
  ASSERT_TRUE(store_->DeleteUser(ana_));
  EXPECT_EQ(store_->SearchRevision(ana_), 0) << "nothing of a deleted user is left to count";
}

// SQLite narrows a search by the UTC days, months or years that cover its range (migration 10):
// whatever the width of the range, it finds what the time filter alone would.
TEST_P(SearchIndexTest, ARangeOfAnyWidthFindsWhatLiesInIt) {
  const Micros march12 = kJan1 + 71 * kDay + 10 * 3600 * kMicrosPerSecond;  // 2024-03-12T10:00Z
  Note lesson = AddNote(ana_, "tennis lesson", march12);
  Note earlier = AddNote(ana_, "tennis match", kJan1);
  auto within = [&](Micros from, Micros to) {
    SearchFilter f;
    f.range.from = from;
    f.range.to = to;
    std::vector<std::string> ids = Find(ana_, {"tennis"}, f);
    return std::set<std::string>(ids.begin(), ids.end());
  };
  const Micros day = kJan1 + 71 * kDay;
  EXPECT_EQ(within(day, day + kDay - 1), std::set<std::string>{lesson.id});
  EXPECT_EQ(within(day + 11 * 3600 * kMicrosPerSecond, day + kDay - 1), std::set<std::string>{});
  EXPECT_EQ(within(kJan1 + 60 * kDay, kJan1 + 91 * kDay - 1), std::set<std::string>{lesson.id});
  EXPECT_EQ(within(kJan1 - 200 * kDay, kJan1 + 500 * kDay),
            (std::set<std::string>{lesson.id, earlier.id}));
  EXPECT_EQ(within(kJan1 - 9000 * kDay, kJan1 + 9000 * kDay),
            (std::set<std::string>{lesson.id, earlier.id}));
  EXPECT_EQ(within(kJan1 + kDay, kJan1 + 3 * 365 * kDay), std::set<std::string>{lesson.id});
  // A record moved in time is found on its new day only.
  lesson.timestamp = kJan1 + 121 * kDay;  // 2024-05-01
  ASSERT_TRUE(store_->UpdateNote(lesson));
  EXPECT_EQ(within(day, day + kDay - 1), std::set<std::string>{});
  EXPECT_EQ(within(kJan1 + 121 * kDay, kJan1 + 122 * kDay - 1), std::set<std::string>{lesson.id});
  // Half a second before 1970 is still 31 December 1969.
  Note old = AddNote(ana_, "tennis in the sixties", -kMicrosPerSecond / 2);
  EXPECT_EQ(within(-kDay, -1), std::set<std::string>{old.id});
  EXPECT_EQ(within(0, kDay - 1), std::set<std::string>{});
}

TEST_P(SearchIndexTest, QuerySyntaxInWordsIsJustText) {
  AddNote(ana_, "Plain note", kJan1);
  for (const char* hostile : {"\"", "owner:x", "a OR b", "NEAR(", "*", "-", "'); DROP TABLE"}) {
    EXPECT_NO_THROW(Find(ana_, {hostile})) << hostile;
  }
}

TEST_P(SearchIndexTest, FilterByTimeAndKind) {
  Note early = AddNote(ana_, "yoga class", kJan1);
  Note late = AddNote(ana_, "yoga again", kJan1 + 10 * kDay);
  SearchFilter f;
  f.range.from = kJan1 + kDay;
  EXPECT_EQ(Find(ana_, {"yoga"}, f), std::vector<std::string>{late.id});
  f = {};
  f.kinds = {"visit"};
  EXPECT_TRUE(Find(ana_, {"yoga"}, f).empty());
  (void)early;
}

TEST_P(SearchIndexTest, NoWordsListsNewestInTheBox) {
  Visit v;
  v.id = NewId();
  v.user_id = ana_;
  v.visit_time = kJan1;
  v.place.coordinates = Coordinates{-9.14, 38.72};  // Lisbon
  v.place.names = {"Pastelaria"};
  v.created_at = v.updated_at = kJan1;
  ASSERT_TRUE(store_->InsertVisit(v, kFree).accepted);
  AddNote(ana_, "no place", kJan1);
  SearchFilter f;
  f.box = SearchFilter::Box{38.5, 39.0, -9.5, -9.0};
  EXPECT_EQ(Find(ana_, {}, f), std::vector<std::string>{v.id});
  EXPECT_EQ(store_->KnownPlaceNames(ana_, 10), std::vector<std::string>{"Pastelaria"});
}

TEST_P(SearchIndexTest, EditsAndDeletesFollowTheRecord) {
  Note n = AddNote(ana_, "dentist on Friday", kJan1);
  n.text = "dentist moved to Monday";
  ASSERT_TRUE(store_->UpdateNote(n));
  EXPECT_TRUE(Find(ana_, {"friday"}).empty());
  EXPECT_EQ(Find(ana_, {"monday"}).size(), 1u);
  ASSERT_TRUE(store_->DeleteNote(ana_, n.id));
  EXPECT_TRUE(Find(ana_, {"monday"}).empty());
}

TEST_P(SearchIndexTest, VectorsBelongToTheTextTheyWereMadeFrom) {
  Note n = AddNote(ana_, "first text", kJan1);
  std::int64_t rev0 = store_->SearchRevision(ana_);
  std::vector<UnembeddedDoc> pending = store_->UnembeddedDocs("e1", ana_, 10);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].body, "first text");
  store_->SetDocVectors("e1", {{pending[0], std::string("\x01\x00\x02\xff", 4)}});
  EXPECT_NE(store_->SearchRevision(ana_), rev0);
  std::vector<DocVector> vectors = store_->DocVectors(ana_, "e1");
  ASSERT_EQ(vectors.size(), 1u);
  EXPECT_EQ(vectors[0].vector, std::string("\x01\x00\x02\xff", 4));
  EXPECT_TRUE(store_->UnembeddedDocs("e1", ana_, 10).empty());
  // Another embedder: everything is pending for it.
  EXPECT_EQ(store_->UnembeddedDocs("e2", std::nullopt, 10).size(), 1u);
  // An edit of the text drops the vector; a vector for the old text is not taken.
  n.text = "second text";
  ASSERT_TRUE(store_->UpdateNote(n));
  EXPECT_TRUE(store_->DocVectors(ana_, "e1").empty());
  store_->SetDocVectors("e1", {{pending[0], "stale"}});
  EXPECT_TRUE(store_->DocVectors(ana_, "e1").empty());
  // A deleted user takes the documents along.
  ASSERT_TRUE(store_->DeleteUser(ana_));
  EXPECT_TRUE(store_->UnembeddedDocs("e1", std::nullopt, 10).empty());
}

// --- ReindexSearch ---

// Every kind of record with every text field and a place, so the view of migration 6 is
// compared with the triggers of migration 5 on each field.
TEST_P(SearchIndexTest, ReindexOfAnIndexKeptByTheTriggersChangesNothing) {
  Note n = AddNote(ana_, "note text", kJan1);
  n.place.address = "1 Rua Augusta";
  n.place.names = {"Home", "Lisbon flat"};
  n.place.coordinates = Coordinates{-9.14, 38.71};
  ASSERT_TRUE(store_->UpdateNote(n));
  Visit v;
  v.id = NewId();
  v.user_id = ana_;
  v.place.names = {"Blue Bottle", "Coffee"};
  v.place.address = "123 Main St";
  v.place.coordinates = Coordinates{-122.4, 37.8};
  v.visit_time = kJan1 + kDay;
  v.description = "flat white";
  v.created_at = v.updated_at = kJan1;
  ASSERT_TRUE(store_->InsertVisit(v, kFree).accepted);
  Visit bare = v;
  bare.id = NewId();
  bare.place = {};
  bare.description.reset();
  ASSERT_TRUE(store_->InsertVisit(bare, kFree).accepted);
  Media m;
  m.id = NewId();
  m.user_id = bob_;
  m.type = MediaType::kVoice;
  m.content_type = "audio/mpeg";
  m.file_size = 10;
  m.sha256 = std::string(64, 'a');
  m.blob_key = "k";
  m.timestamp = kJan1;
  m.text = "call the plumber";
  m.description = "voice note, 5 s";
  m.place.names = {"Kitchen"};
  m.created_at = m.updated_at = kJan1;
  ASSERT_EQ(store_->InsertMedia(m, kFree, kUnlimited).outcome, MediaInsert::Outcome::kInserted);
  for (const UnembeddedDoc& d : store_->UnembeddedDocs("e1", std::nullopt, 10)) {
    store_->SetDocVectors("e1", {{d, "v"}});
  }
  const std::int64_t rev = store_->SearchRevision(ana_);

  ReindexCounts c = store_->ReindexSearch("e1", ReindexMode::kRepair);
  EXPECT_EQ(c.added, 0);
  EXPECT_EQ(c.updated, 0);
  EXPECT_EQ(c.removed, 0);
  EXPECT_EQ(c.documents, 4);
  EXPECT_EQ(c.unembedded, 0);
  EXPECT_EQ(store_->SearchRevision(ana_), rev);
  EXPECT_EQ(store_->DocVectors(ana_, "e1").size(), 3u);
  EXPECT_EQ(Find(ana_, {"augusta"}), std::vector<std::string>{n.id});
  EXPECT_EQ(Find(bob_, {"plumber"}), std::vector<std::string>{m.id});
  // The rebuilt full-text index names each document's day as the triggers do.
  SearchFilter second_day;
  second_day.range.from = kJan1 + kDay;
  second_day.range.to = kJan1 + 2 * kDay - 1;
  EXPECT_EQ(Find(ana_, {"flat"}, second_day), std::vector<std::string>{v.id});
}

TEST_P(SearchIndexTest, ReindexRepairsMissingStaleAndOrphanDocuments) {
  Note kept = AddNote(ana_, "kept as it was", kJan1);
  Note lost = AddNote(ana_, "lost from the index", kJan1);
  Note stale = AddNote(ana_, "stale words", kJan1);
  for (const UnembeddedDoc& d : store_->UnembeddedDocs("e1", std::nullopt, 10)) {
    store_->SetDocVectors("e1", {{d, "v"}});
  }
  // What a crash of an older version, or a hand edit of the database, may leave behind.
  ExecRaw("DELETE FROM search_docs WHERE record_id = '" + lost.id + "'");
  ExecRaw("UPDATE search_docs SET body = 'outdated' WHERE record_id = '" + stale.id + "'");
  ExecRaw(
      "INSERT INTO search_docs (record_id, user_id, kind, timestamp, body, rev)"
      " SELECT 'orphan', user_id, kind, timestamp, 'orphan words', rev FROM search_docs"
      " WHERE record_id = '" +
      kept.id + "'");
  ASSERT_TRUE(Find(ana_, {"lost"}).empty());

  ReindexCounts c = store_->ReindexSearch("e1", ReindexMode::kRepair);
  EXPECT_EQ(c.added, 1);    // lost
  EXPECT_EQ(c.updated, 1);  // stale
  EXPECT_EQ(c.removed, 1);  // the orphan
  EXPECT_EQ(c.documents, 3);
  EXPECT_EQ(c.unembedded, 2);  // lost, and stale (its vector was of another text)
  EXPECT_EQ(Find(ana_, {"lost"}), std::vector<std::string>{lost.id});
  EXPECT_EQ(Find(ana_, {"stale"}), std::vector<std::string>{stale.id});
  EXPECT_EQ(Find(ana_, {"kept"}), std::vector<std::string>{kept.id});
  EXPECT_TRUE(Find(ana_, {"outdated"}).empty());
  EXPECT_TRUE(Find(ana_, {"orphan"}).empty());
  EXPECT_EQ(store_->DocVectors(ana_, "e1").size(), 1u);                     // kept's
  EXPECT_EQ(store_->ReindexSearch("e1", ReindexMode::kRepair).updated, 0);  // and now it holds
}

TEST_P(SearchIndexTest, ADryRunCountsTheRepairsAndChangesNothing) {
  Note kept = AddNote(ana_, "kept as it was", kJan1);
  Note lost = AddNote(ana_, "lost from the index", kJan1);
  ExecRaw("DELETE FROM search_docs WHERE record_id = '" + lost.id + "'");
  const std::int64_t rev = store_->SearchRevision(ana_);

  ReindexCounts c = store_->ReindexSearch("e1", ReindexMode::kDryRun);
  EXPECT_EQ(c.added, 1);
  EXPECT_EQ(c.updated, 0);
  EXPECT_EQ(c.removed, 0);
  EXPECT_TRUE(Find(ana_, {"lost"}).empty());
  EXPECT_EQ(store_->SearchRevision(ana_), rev);
  EXPECT_EQ(store_->ReindexSearch("e1", ReindexMode::kDryRun).added, 1);  // still to do

  EXPECT_EQ(store_->ReindexSearch("e1", ReindexMode::kRepair).added, 1);
  EXPECT_EQ(Find(ana_, {"lost"}), std::vector<std::string>{lost.id});
  EXPECT_EQ(Find(ana_, {"kept"}), std::vector<std::string>{kept.id});
}

TEST_P(SearchIndexTest, IntegrityIsReportedAndTheFullTextIndexIsRepairedByAReindex) {
  AddNote(ana_, "first words", kJan1);
  Note second = AddNote(ana_, "second words", kJan1);
  EXPECT_EQ(store_->CheckIntegrity(), std::vector<std::string>{});
  if (GetParam() != "sqlite") return;  // PostgreSQL's full text is a column of the document

  // The full-text table of SQLite is separate: a row lost, a row left over, a row changed.
  ExecRaw("DELETE FROM search_text WHERE rowid = (SELECT doc FROM search_docs WHERE record_id = '" +
          second.id + "')");
  ExecRaw("INSERT INTO search_text (rowid, owner, body) VALUES (999999, 'u0', 'stray')");
  ExecRaw(
      "UPDATE search_text SET body = 'changed' WHERE rowid = (SELECT min(doc) FROM search_docs)");
  std::vector<std::string> problems = store_->CheckIntegrity();
  EXPECT_EQ(problems.size(), 3u) << ::testing::PrintToString(problems);

  store_->ReindexSearch("e1", ReindexMode::kRepair);
  EXPECT_EQ(store_->CheckIntegrity(), std::vector<std::string>{});
  EXPECT_EQ(Find(ana_, {"second"}), std::vector<std::string>{second.id});
}

TEST_P(SearchIndexTest, BlobKeysInUseAreThoseOfMediaAndOfQueuedDeletions) {
  auto add_media = [&](const std::string& user, const std::string& key) {
    Media m;
    m.id = NewId();
    m.user_id = user;
    m.type = MediaType::kPhoto;
    m.content_type = "image/png";
    m.original_filename = "p.png";
    m.file_size = 10;
    m.sha256 = std::string(64, key.back());
    m.blob_key = key;
    m.timestamp = kJan1;
    m.created_at = m.updated_at = kJan1;
    EXPECT_EQ(store_->InsertMedia(m, kFree, kUnlimited).outcome, MediaInsert::Outcome::kInserted);
    return m;
  };
  add_media(ana_, "users/a/photos/1");
  Media gone = add_media(bob_, "users/b/photos/2");
  ASSERT_TRUE(store_->DeleteMedia(bob_, gone.id));

  BlobKeys keys = store_->BlobKeysInUse();
  EXPECT_EQ(keys.media, std::vector<std::string>{"users/a/photos/1"});
  EXPECT_EQ(keys.deleting, std::vector<std::string>{"users/b/photos/2"});
  store_->ForgetBlobDeletion("users/b/photos/2");
  EXPECT_TRUE(store_->BlobKeysInUse().deleting.empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, SearchIndexTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace chronotrail
