// The media part of the record-store contract, run against every implementation: media records,
// their processing queue and the bytes awaiting deletion, on SQLite and on a real PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "core/ids.h"
#include "core/limits.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/postgres_cluster.h"
#include "support/temp_dir.h"

namespace chronotrail {
namespace {

using Outcome = MediaInsert::Outcome;

const UsageCharge kFree{"2024-01-01", UsageKind::kContent, kUnlimited};

// Where a store keeps its data. PostgreSQL serves any number of server instances, so Open() there
// makes another store on the same database, as a second instance would; SQLite belongs to one
// server, so its tests share one store for both roles.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::unique_ptr<RecordStore> Open() = 0;
  virtual bool shared_by_instances() const = 0;
};

class SqliteBackend : public Backend {
 public:
  std::unique_ptr<RecordStore> Open() override {
    return std::make_unique<SqliteStore>((dir_.path() / "t.db").string(), 4);
  }
  bool shared_by_instances() const override { return false; }

 private:
  testing::TempDir dir_;
};

class PostgresBackend : public Backend {
 public:
  std::unique_ptr<RecordStore> Open() override {
    return std::make_unique<PostgresStore>(PostgresOptions{db_.url(), "", 8, 5000});
  }
  bool shared_by_instances() const override { return true; }

 private:
  testing::TestDatabase db_;
};

class MediaStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      backend_ = std::make_unique<SqliteBackend>();
    } else {
      backend_ = std::make_unique<PostgresBackend>();
    }
    store_ = backend_->Open();
    store_->Migrate();
    if (backend_->shared_by_instances()) other_ = backend_->Open();
    ana_ = MakeUser("ana@example.com");
    bob_ = MakeUser("bob@example.com");
  }

  // The store of a second server instance (the same one where there is only one).
  RecordStore& other() { return other_ ? *other_ : *store_; }
  // Instance `i % 2`, for threads that stand for requests to two servers.
  RecordStore& instance(int i) { return i % 2 == 0 ? *store_ : other(); }

  User MakeUser(const std::string& email) {
    User u;
    u.id = NewId();
    u.email = email;
    u.auth_issuer = "chronotrail-local";
    u.auth_subject = email;
    u.created_at = u.updated_at = 1000;
    return store_->FindOrCreateUser(u);
  }

  static Media NewMedia(const User& u, Micros at, MediaType type = MediaType::kPhoto,
                        std::int64_t size = 100) {
    Media m;
    m.id = NewId();
    m.user_id = u.id;
    m.type = type;
    m.content_type = type == MediaType::kPhoto ? "image/jpeg" : "audio/ogg";
    m.file_size = size;
    m.sha256 = "sha-" + m.id;
    m.blob_key = "media/" + u.id + "/" + m.id;
    m.timestamp = at;
    m.created_at = m.updated_at = at;
    return m;
  }

  // Inserts without limits; the media as stored.
  Media Add(const User& u, Micros at, MediaType type = MediaType::kPhoto) {
    Media m = NewMedia(u, at, type);
    EXPECT_EQ(store_->InsertMedia(m, kFree, kUnlimited).outcome, Outcome::kInserted);
    return m;
  }

  // Every job due at `now`, claimed one after another (each leased far beyond `now`).
  std::vector<MediaJob> ClaimAll(Micros now) {
    std::vector<MediaJob> jobs;
    while (auto job = store_->ClaimMediaJob(now, now + 1'000'000'000)) jobs.push_back(*job);
    return jobs;
  }

  static std::vector<std::string> Ids(const PageOf<Media>& page) {
    std::vector<std::string> ids;
    for (const Media& m : page.items) ids.push_back(m.id);
    return ids;
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<RecordStore> store_;
  std::unique_ptr<RecordStore> other_;
  User ana_, bob_;
};

INSTANTIATE_TEST_SUITE_P(Stores, MediaStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST_P(MediaStoreTest, MediaRoundTripsEveryFieldAndOtherUsersSeeNothing) {
  Media m = NewMedia(ana_, 1'700'000'000'123'457, MediaType::kVoice, 12345);
  m.original_filename = "memo 'one'.ogg";
  m.timestamp_given = true;
  m.place.coordinates = Coordinates{-179.12345678, 45.5};
  m.place.address = "123 Main St";
  m.place.names = {"Blue Bottle", "Café", "{braces}", "a,b"};
  m.description = "a voice note";
  m.created_at = 1'700'000'000'000'001;
  m.updated_at = 1'700'000'000'000'002;
  MediaInsert inserted = store_->InsertMedia(m, {"2024-01-01", UsageKind::kContent, 5}, 1 << 20);
  EXPECT_EQ(inserted.outcome, Outcome::kInserted);
  EXPECT_EQ(inserted.used, 1);
  EXPECT_EQ(inserted.storage_used, 12345);

  std::optional<Media> read = store_->FindMedia(ana_.id, m.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->user_id, ana_.id);
  EXPECT_EQ(read->type, MediaType::kVoice);
  EXPECT_EQ(read->content_type, "audio/ogg");
  EXPECT_EQ(read->original_filename, m.original_filename);
  EXPECT_EQ(read->file_size, 12345);
  EXPECT_EQ(read->sha256, m.sha256);
  EXPECT_EQ(read->blob_key, m.blob_key);
  EXPECT_EQ(read->timestamp, m.timestamp);
  EXPECT_TRUE(read->timestamp_given);
  EXPECT_EQ(read->place.coordinates, m.place.coordinates);
  EXPECT_EQ(read->place.address, m.place.address);
  EXPECT_EQ(read->place.names, m.place.names);
  EXPECT_EQ(read->status, ProcessingStatus::kPending);
  EXPECT_FALSE(read->error_details);
  EXPECT_EQ(read->text, "");
  EXPECT_EQ(read->description, "a voice note");
  EXPECT_EQ(read->facts_json, "{}");
  EXPECT_EQ(read->created_at, m.created_at);
  EXPECT_EQ(read->updated_at, m.updated_at);
  EXPECT_EQ(store_->FindMediaByHash(ana_.id, m.sha256)->id, m.id);
  EXPECT_FALSE(store_->FindMedia(ana_.id, NewId()));
  EXPECT_FALSE(store_->FindMediaByHash(ana_.id, "sha-unknown"));

  // Bob can neither see, count, list nor delete Ana's media.
  EXPECT_FALSE(store_->FindMedia(bob_.id, m.id));
  EXPECT_FALSE(store_->FindMediaByHash(bob_.id, m.sha256));
  EXPECT_EQ(store_->ListMedia(bob_.id, std::nullopt, {}, {}).total, 0);
  EXPECT_EQ(store_->StorageUsed(bob_.id), 0);
  EXPECT_FALSE(store_->DeleteMedia(bob_.id, m.id));
  EXPECT_TRUE(store_->PendingBlobDeletions(10).empty());
  EXPECT_TRUE(store_->FindMedia(ana_.id, m.id));
}

TEST_P(MediaStoreTest, TheSameBytesTwiceReturnTheFirstUploadAndChargeNothing) {
  const UsageCharge charge{"2024-01-01", UsageKind::kContent, 10};
  Media first = NewMedia(ana_, 100);
  ASSERT_EQ(store_->InsertMedia(first, charge, kUnlimited).outcome, Outcome::kInserted);
  Media again = NewMedia(ana_, 200);
  again.sha256 = first.sha256;
  MediaInsert dup = store_->InsertMedia(again, charge, kUnlimited);
  EXPECT_EQ(dup.outcome, Outcome::kDuplicate);
  ASSERT_TRUE(dup.existing);
  EXPECT_EQ(dup.existing->id, first.id);
  EXPECT_EQ(dup.existing->blob_key, first.blob_key);
  EXPECT_FALSE(store_->FindMedia(ana_.id, again.id));
  EXPECT_EQ(store_->ListMedia(ana_.id, std::nullopt, {}, {}).total, 1);
  EXPECT_EQ(store_->GetUsage(ana_.id, "2024-01-01").content, 1);
  EXPECT_EQ(ClaimAll(1000).size(), 1u);
  // Another user's identical bytes are theirs.
  Media bobs = NewMedia(bob_, 100);
  bobs.sha256 = first.sha256;
  EXPECT_EQ(store_->InsertMedia(bobs, charge, kUnlimited).outcome, Outcome::kInserted);
}

TEST_P(MediaStoreTest, TheStorageQuotaRefusesWhatWouldPassItAndStoresNothing) {
  EXPECT_EQ(
      store_->InsertMedia(NewMedia(ana_, 1, MediaType::kPhoto, 600), kFree, 1000).storage_used,
      600);
  Media big = NewMedia(ana_, 2, MediaType::kPhoto, 401);
  MediaInsert refused = store_->InsertMedia(big, {"2024-01-01", UsageKind::kContent, 10}, 1000);
  EXPECT_EQ(refused.outcome, Outcome::kOverStorage);
  EXPECT_EQ(refused.storage_used, 600);
  EXPECT_FALSE(store_->FindMedia(ana_.id, big.id));
  EXPECT_EQ(store_->GetUsage(ana_.id, "2024-01-01").content, 1);  // the refusal counts nothing
  MediaInsert exact = store_->InsertMedia(NewMedia(ana_, 3, MediaType::kPhoto, 400), kFree, 1000);
  EXPECT_EQ(exact.outcome, Outcome::kInserted);
  EXPECT_EQ(exact.storage_used, 1000);
  EXPECT_EQ(store_->StorageUsed(ana_.id), 1000);
  EXPECT_EQ(ClaimAll(1000).size(), 2u);  // no job for the refused upload
  // Bob's quota is his own.
  EXPECT_EQ(store_->InsertMedia(NewMedia(bob_, 1, MediaType::kPhoto, 900), kFree, 1000).outcome,
            Outcome::kInserted);
}

TEST_P(MediaStoreTest, TheDailyLimitRefusesUploadsBeyondItAndNotesShareTheCounter) {
  const UsageCharge charge{"2026-11-26", UsageKind::kContent, 2};
  EXPECT_EQ(store_->InsertMedia(NewMedia(ana_, 1), charge, kUnlimited).used, 1);
  ASSERT_TRUE(store_->InsertNote(Note{NewId(), ana_.id, "note", 1, {}, 1, 1}, charge).accepted);
  Media late = NewMedia(ana_, 2);
  MediaInsert refused = store_->InsertMedia(late, charge, kUnlimited);
  EXPECT_EQ(refused.outcome, Outcome::kOverDailyLimit);
  EXPECT_EQ(refused.used, 2);
  EXPECT_FALSE(store_->FindMedia(ana_.id, late.id));
  EXPECT_EQ(store_->StorageUsed(ana_.id), 100);
  EXPECT_EQ(store_->GetUsage(ana_.id, "2026-11-26").content, 2);
  EXPECT_EQ(ClaimAll(1000).size(), 1u);
  // A limit of 0 refuses even the first upload of a day.
  MediaInsert none =
      store_->InsertMedia(NewMedia(bob_, 1), {"2026-11-26", UsageKind::kContent, 0}, kUnlimited);
  EXPECT_EQ(none.outcome, Outcome::kOverDailyLimit);
  EXPECT_EQ(none.used, 0);
  EXPECT_EQ(store_->ListMedia(bob_.id, std::nullopt, {}, {}).total, 0);
}

TEST_P(MediaStoreTest, ConcurrentUploadsNeverPassTheDailyLimitOrTheQuotaOrDuplicate) {
  // Eight requests at once, spread over two server instances where the store allows that.
  auto race = [&](auto make, const UsageCharge& charge, std::int64_t storage_limit) {
    std::vector<Media> media;
    for (int i = 0; i < 8; ++i) media.push_back(make(i));
    std::vector<Outcome> outcomes(media.size());
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&, i] {
        outcomes[i] = instance(i).InsertMedia(media[i], charge, storage_limit).outcome;
      });
    }
    for (auto& t : threads) t.join();
    return outcomes;
  };
  auto count = [](const std::vector<Outcome>& outcomes, Outcome o) {
    return std::count(outcomes.begin(), outcomes.end(), o);
  };

  const UsageCharge limit3{"2026-11-26", UsageKind::kContent, 3};
  auto daily = race([&](int i) { return NewMedia(ana_, i); }, limit3, kUnlimited);
  EXPECT_EQ(count(daily, Outcome::kInserted), 3);
  EXPECT_EQ(count(daily, Outcome::kOverDailyLimit), 5);
  EXPECT_EQ(store_->ListMedia(ana_.id, std::nullopt, {}, {}).total, 3);
  EXPECT_EQ(store_->GetUsage(ana_.id, "2026-11-26").content, 3);

  auto quota = race([&](int i) { return NewMedia(bob_, i, MediaType::kPhoto, 100); }, kFree, 350);
  EXPECT_EQ(count(quota, Outcome::kInserted), 3);
  EXPECT_EQ(count(quota, Outcome::kOverStorage), 5);
  EXPECT_EQ(store_->StorageUsed(bob_.id), 300);

  User cy = MakeUser("cy@example.com");
  auto same = race(
      [&](int i) {
        Media m = NewMedia(cy, i);
        m.sha256 = "the same bytes";
        return m;
      },
      kFree, kUnlimited);
  EXPECT_EQ(count(same, Outcome::kInserted), 1);
  EXPECT_EQ(count(same, Outcome::kDuplicate), 7);
  EXPECT_EQ(store_->ListMedia(cy.id, std::nullopt, {}, {}).total, 1);
}

TEST_P(MediaStoreTest, ListsNewestFirstByTypeWithinAnInclusiveRangeInPages) {
  Media p10 = Add(ana_, 10), v20 = Add(ana_, 20, MediaType::kVoice), p30 = Add(ana_, 30);
  Media v40 = Add(ana_, 40, MediaType::kVoice), p50 = Add(ana_, 50);
  Add(bob_, 30);

  PageOf<Media> all = store_->ListMedia(ana_.id, std::nullopt, {}, {});
  EXPECT_EQ(all.total, 5);
  EXPECT_EQ(Ids(all), (std::vector<std::string>{p50.id, v40.id, p30.id, v20.id, p10.id}));
  PageOf<Media> photos = store_->ListMedia(ana_.id, MediaType::kPhoto, {}, {});
  EXPECT_EQ(photos.total, 3);
  EXPECT_EQ(Ids(photos), (std::vector<std::string>{p50.id, p30.id, p10.id}));
  PageOf<Media> voices = store_->ListMedia(ana_.id, MediaType::kVoice, {20, 40}, {});
  EXPECT_EQ(Ids(voices), (std::vector<std::string>{v40.id, v20.id}));
  PageOf<Media> ranged = store_->ListMedia(ana_.id, std::nullopt, {20, 40}, {});
  EXPECT_EQ(ranged.total, 3);
  EXPECT_EQ(store_->ListMedia(ana_.id, std::nullopt, {std::nullopt, 30}, {}).total, 3);
  EXPECT_EQ(store_->ListMedia(ana_.id, std::nullopt, {31, std::nullopt}, {}).total, 2);

  PageOf<Media> page2 = store_->ListMedia(ana_.id, std::nullopt, {}, {2, 2});
  EXPECT_EQ(page2.total, 5);
  EXPECT_EQ(Ids(page2), (std::vector<std::string>{p30.id, v20.id}));
  PageOf<Media> past = store_->ListMedia(ana_.id, MediaType::kPhoto, {}, {5, 2});
  EXPECT_TRUE(past.items.empty());
  EXPECT_EQ(past.total, 3);
  EXPECT_EQ(store_->ListMedia(ana_.id, MediaType::kVoice, {41, 49}, {2, 2}).total, 0);
}

TEST_P(MediaStoreTest, DeletingMediaQueuesItsBytesAndDropsItsJob) {
  Media kept = Add(ana_, 10);
  Media gone = Add(ana_, 20);
  EXPECT_EQ(store_->StorageUsed(ana_.id), 200);
  EXPECT_TRUE(store_->DeleteMedia(ana_.id, gone.id));
  EXPECT_FALSE(store_->FindMedia(ana_.id, gone.id));
  EXPECT_FALSE(store_->DeleteMedia(ana_.id, gone.id));
  EXPECT_EQ(store_->StorageUsed(ana_.id), 100);
  EXPECT_EQ(store_->PendingBlobDeletions(10), std::vector<std::string>{gone.blob_key});
  std::vector<MediaJob> jobs = ClaimAll(1000);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].media_id, kept.id);
  // Once the worker has deleted the bytes, it forgets the key.
  store_->ForgetBlobDeletion(gone.blob_key);
  EXPECT_TRUE(store_->PendingBlobDeletions(10).empty());
  // The same bytes may be uploaded again.
  Media back = NewMedia(ana_, 30);
  back.sha256 = gone.sha256;
  EXPECT_EQ(store_->InsertMedia(back, kFree, kUnlimited).outcome, Outcome::kInserted);
}

TEST_P(MediaStoreTest, DeletingAUserQueuesAllTheirBytesAndNoOneElses) {
  std::set<std::string> keys;
  for (int i = 0; i < 3; ++i) keys.insert(Add(ana_, i, MediaType::kPhoto).blob_key);
  Media bobs = Add(bob_, 5);
  EXPECT_TRUE(store_->DeleteUser(ana_.id));
  std::vector<std::string> pending = store_->PendingBlobDeletions(10);
  EXPECT_EQ(std::set<std::string>(pending.begin(), pending.end()), keys);
  EXPECT_EQ(store_->PendingBlobDeletions(2).size(), 2u);
  EXPECT_EQ(store_->StorageUsed(ana_.id), 0);
  EXPECT_TRUE(store_->FindMedia(bob_.id, bobs.id));
  std::vector<MediaJob> jobs = ClaimAll(1000);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].user_id, bob_.id);
  EXPECT_FALSE(store_->DeleteUser(ana_.id));
  EXPECT_EQ(store_->PendingBlobDeletions(10).size(), 3u);
}

TEST_P(MediaStoreTest, AJobIsLeasedRetriedAndCompleted) {
  Media older = Add(ana_, 100);
  Media newer = Add(bob_, 200);
  EXPECT_FALSE(store_->ClaimMediaJob(99, 1000));  // not due yet

  std::optional<MediaJob> job = store_->ClaimMediaJob(150, 1000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->media_id, older.id);
  EXPECT_EQ(job->user_id, ana_.id);
  EXPECT_EQ(job->attempts, 1);
  // Leased until 1000: another worker gets the next job, then nothing.
  std::optional<MediaJob> next = store_->ClaimMediaJob(500, 1500);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->media_id, newer.id);
  EXPECT_FALSE(store_->ClaimMediaJob(999, 2000));
  // The worker died: once the lease passes, the job is taken again, the attempt counted.
  job = store_->ClaimMediaJob(1000, 3000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->media_id, older.id);
  EXPECT_EQ(job->attempts, 2);
  // A failure releases it until run_after.
  store_->RetryMediaJob(older.id, 5000, "decoder said no");
  job = store_->ClaimMediaJob(4999, 6000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->media_id, newer.id);  // its lease (1500) has passed
  EXPECT_EQ(job->attempts, 2);
  job = store_->ClaimMediaJob(5000, 7000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->media_id, older.id);
  EXPECT_EQ(job->attempts, 3);

  Media done = older;
  done.status = ProcessingStatus::kCompleted;
  done.text = "SALE 50% — café ☕";
  done.description = "a shop window";
  // Facts come back exactly as written, whatever they hold.
  done.facts_json = R"({"width":4032,"camera":"Pixel \"7\"","nul":"a\u0000b","gps":[1.50,2e3]})";
  done.timestamp = 1'600'000'000'000'001;
  done.place.coordinates = Coordinates{2.2945, 48.8584};
  done.place.address = "Champ de Mars";
  done.place.names = {"Tour Eiffel"};
  done.updated_at = 5001;
  ASSERT_TRUE(store_->CompleteMediaJob(done));
  Media read = *store_->FindMedia(ana_.id, older.id);
  EXPECT_EQ(read.status, ProcessingStatus::kCompleted);
  EXPECT_EQ(read.text, done.text);
  EXPECT_EQ(read.description, done.description);
  EXPECT_EQ(read.facts_json, done.facts_json);
  EXPECT_EQ(read.timestamp, done.timestamp);
  EXPECT_EQ(read.place.coordinates, done.place.coordinates);
  EXPECT_EQ(read.place.address, done.place.address);
  EXPECT_EQ(read.place.names, done.place.names);
  EXPECT_EQ(read.updated_at, 5001);
  EXPECT_EQ(read.created_at, older.created_at);
  EXPECT_EQ(read.blob_key, older.blob_key);
  // The job is gone for good; the other one is still leased (until 6000).
  EXPECT_FALSE(store_->ClaimMediaJob(5999, 1'000'000));
  job = store_->ClaimMediaJob(7000, 8000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->media_id, newer.id);

  // A failure is stored the same way; completing media that is gone reports it.
  Media failed = newer;
  failed.status = ProcessingStatus::kFailed;
  failed.error_details = "unreadable";
  ASSERT_TRUE(store_->CompleteMediaJob(failed));
  EXPECT_EQ(store_->FindMedia(bob_.id, newer.id)->error_details, "unreadable");
  EXPECT_TRUE(store_->DeleteMedia(bob_.id, newer.id));
  EXPECT_FALSE(store_->CompleteMediaJob(failed));
  EXPECT_FALSE(store_->ClaimMediaJob(1'000'000'000, 1'000'000'001));
}

TEST_P(MediaStoreTest, APostponedJobComesBackLaterWithoutUsingAnAttempt) {
  Media m = Add(ana_, 100);
  std::optional<MediaJob> job = store_->ClaimMediaJob(100, 1000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->attempts, 1);
  // A provider is still working: released until 2000, and this claim does not count.
  store_->PostponeMediaJob(m.id, 2000);
  EXPECT_FALSE(store_->ClaimMediaJob(1999, 3000));
  job = store_->ClaimMediaJob(2000, 3000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->attempts, 1);
  store_->PostponeMediaJob(m.id, 4000);
  job = other().ClaimMediaJob(4000, 5000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->media_id, m.id);
  EXPECT_EQ(job->attempts, 1);
  // A real failure still counts.
  store_->RetryMediaJob(m.id, 5000, "provider down");
  job = store_->ClaimMediaJob(5000, 6000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->attempts, 2);
}

TEST_P(MediaStoreTest, ConcurrentWorkersNeverClaimTheSameJob) {
  constexpr int kJobs = 24;
  for (int i = 0; i < kJobs; ++i) Add(i % 2 ? ana_ : bob_, i);
  std::mutex mu;
  std::vector<std::string> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 6; ++w) {
    workers.emplace_back([&, w] {
      // Workers on two instances, each holding its lease for the whole test.
      while (auto job = instance(w).ClaimMediaJob(1000, 1'000'000)) {
        std::lock_guard lock(mu);
        claimed.push_back(job->media_id);
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(std::set<std::string>(claimed.begin(), claimed.end()).size(),
            static_cast<size_t>(kJobs));
}

}  // namespace
}  // namespace chronotrail
