// CheckConsistency on the embedded default (SQLite and media files on disk): what a crash can
// leave behind is found, repaired when asked, and left alone when it may be work in progress.
#include "services/consistency.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <utime.h>

#include <fstream>

#include "core/ids.h"
#include "core/limits.h"
#include "storage/blob/local_blob_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace chronotrail {
namespace {

const UsageCharge kFree{"2024-01-01", UsageKind::kContent, kUnlimited};
constexpr Micros kJan1 = 1704067200LL * 1'000'000;

class ConsistencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.Migrate();
    User u;
    u.id = NewId();
    u.email = "ana@example.com";
    u.auth_issuer = "local";
    u.auth_subject = "ana";
    ana_ = store_.FindOrCreateUser(u).id;
  }

  // A blob as an upload stores it, made `age` old.
  std::string PutBlob(const std::string& name, std::chrono::seconds age) {
    std::string key = BlobKey(ana_, kPhotosKind, name);
    std::string bytes = "bytes of " + name;
    size_t given = 0;
    blobs_.Put(key, static_cast<std::int64_t>(bytes.size()), [&](char* buffer, size_t capacity) {
      size_t n = std::min(capacity, bytes.size() - given);
      std::copy_n(bytes.data() + given, n, buffer);
      given += n;
      return n;
    });
    const std::time_t when = std::time(nullptr) - age.count();
    utimbuf times{when, when};
    EXPECT_EQ(::utime((dir_.path() / "media" / key).c_str(), &times), 0);
    return key;
  }

  Media AddMedia(const std::string& key) {
    Media m;
    m.id = NewId();
    m.user_id = ana_;
    m.content_type = "image/png";
    m.original_filename = "p.png";
    m.file_size = 10;
    m.sha256 = Sha(key);
    m.blob_key = key;
    m.timestamp = kJan1;
    m.created_at = m.updated_at = kJan1;
    EXPECT_EQ(store_.InsertMedia(m, kFree, kUnlimited).outcome, MediaInsert::Outcome::kInserted);
    return m;
  }

  static std::string Sha(const std::string& key) {
    std::string sha(64, '0');
    for (size_t i = 0; i < key.size(); ++i) sha[i % 64] = "0123456789abcdef"[key[i] % 16];
    return sha;
  }

  void ExecRaw(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() / "t.db").c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << sql;
  }

  ConsistencyReport Check(bool repair, std::chrono::seconds min_age = std::chrono::hours(1)) {
    progress_.clear();
    return CheckConsistency(store_, blobs_, ConsistencyOptions{repair, min_age},
                            [this](const std::string& line) { progress_.push_back(line); });
  }

  bool Exists(const std::string& key) { return blobs_.Size(key).has_value(); }

  testing::TempDir dir_;
  SqliteStore store_{(dir_.path() / "t.db").string(), 2};
  LocalBlobStore blobs_{dir_.path() / "media"};
  std::string ana_;
  std::vector<std::string> progress_;
};

TEST_F(ConsistencyTest, ASoundStoreIsConsistentAndSaysWhatItChecked) {
  AddMedia(PutBlob("kept.png", std::chrono::hours(5)));
  ConsistencyReport report = Check(true);
  EXPECT_TRUE(report.Consistent());
  EXPECT_TRUE(report.Sound(true));
  EXPECT_EQ(report.blobs_listed, 1);
  EXPECT_EQ(report.index.documents, 1);
  ASSERT_FALSE(progress_.empty());
  EXPECT_NE(progress_.back().find("1 listed"), std::string::npos) << progress_.back();
}

TEST_F(ConsistencyTest, OldBytesNoRecordAccountsForAreDeletedAndRecentOnesLeftAlone) {
  std::string kept = PutBlob("kept.png", std::chrono::hours(5));
  AddMedia(kept);
  std::string crashed = PutBlob("crashed.png", std::chrono::hours(2));
  std::string uploading = PutBlob("uploading.png", std::chrono::seconds(0));

  ConsistencyReport checked = Check(false);
  EXPECT_EQ(checked.unaccounted_blobs, std::vector<std::string>{crashed});
  EXPECT_EQ(checked.young_unaccounted_blobs, 1);
  EXPECT_FALSE(checked.Sound(false));
  EXPECT_TRUE(Exists(crashed));  // --check changes nothing

  ConsistencyReport repaired = Check(true);
  EXPECT_EQ(repaired.unaccounted_blobs, std::vector<std::string>{crashed});
  EXPECT_TRUE(repaired.Sound(true));
  EXPECT_FALSE(Exists(crashed));
  EXPECT_TRUE(Exists(kept));
  EXPECT_TRUE(Exists(uploading));
  EXPECT_TRUE(Check(false).Consistent());
  // With no grace period the upload in progress counts as left over too.
  EXPECT_EQ(Check(true, std::chrono::seconds(0)).unaccounted_blobs,
            std::vector<std::string>{uploading});
}

TEST_F(ConsistencyTest, BytesQueuedForDeletionAreAccountedForAndMayBeGone) {
  std::string key = PutBlob("deleted.png", std::chrono::hours(5));
  Media m = AddMedia(key);
  ASSERT_TRUE(store_.DeleteMedia(ana_, m.id));
  EXPECT_TRUE(Check(true).Consistent());  // queued: the worker deletes the bytes
  EXPECT_TRUE(Exists(key));
  blobs_.Delete(key);
  EXPECT_TRUE(Check(true).Consistent());  // the worker deleted them, then forgets the key
}

TEST_F(ConsistencyTest, ARecordWhoseBytesAreGoneIsReportedAndCannotBeRepaired) {
  std::string key = PutBlob("lost.png", std::chrono::hours(5));
  AddMedia(key);
  std::filesystem::remove(dir_.path() / "media" / key);
  ConsistencyReport report = Check(true);
  EXPECT_EQ(report.missing_blobs, std::vector<std::string>{key});
  EXPECT_FALSE(report.Sound(true));
}

TEST_F(ConsistencyTest, TheSearchIndexIsRebuiltFromTheRecords) {
  Note n;
  n.id = NewId();
  n.user_id = ana_;
  n.text = "a note the index lost";
  n.timestamp = n.created_at = n.updated_at = kJan1;
  ASSERT_TRUE(store_.InsertNote(n, kFree).accepted);
  ExecRaw("DELETE FROM search_docs");
  ExecRaw("INSERT INTO search_text (rowid, owner, body) VALUES (77, 'u0', 'stray')");

  ConsistencyReport checked = Check(false);
  EXPECT_EQ(checked.index.added, 1);
  EXPECT_EQ(checked.database_problems.size(), 1u);  // the stray full-text row
  EXPECT_FALSE(checked.Sound(false));

  ConsistencyReport repaired = Check(true);
  EXPECT_EQ(repaired.index.added, 1);
  EXPECT_EQ(repaired.database_problems, std::vector<std::string>{});
  EXPECT_TRUE(repaired.Sound(true));
  EXPECT_TRUE(Check(false).Consistent());
  EXPECT_EQ(store_.SearchText(ana_, {"lost"}, TermMatch::kAny, {}, 10).size(), 1u);
}

}  // namespace
}  // namespace chronotrail
