// The record-store contract, run against every implementation: SQLite and a real PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "core/error.h"
#include "core/ids.h"
#include "core/limits.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/postgres_cluster.h"
#include "support/temp_dir.h"

namespace chronotrail {
namespace {

// A charge without a limit, for tests about something else.
const UsageCharge kFree{"2024-01-01", UsageKind::kContent, kUnlimited};

// Where a store keeps its data; Open() may be called again to reopen the same data.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::unique_ptr<RecordStore> Open() = 0;
};

class SqliteBackend : public Backend {
 public:
  std::unique_ptr<RecordStore> Open() override {
    return std::make_unique<SqliteStore>((dir_.path() / "t.db").string(), 4);
  }

 private:
  testing::TempDir dir_;
};

class PostgresBackend : public Backend {
 public:
  std::unique_ptr<RecordStore> Open() override {
    return std::make_unique<PostgresStore>(PostgresOptions{db_.url(), "", 8, 5000});
  }

 private:
  testing::TestDatabase db_;
};

std::unique_ptr<Backend> MakeBackend(const std::string& name) {
  if (name == "sqlite") return std::make_unique<SqliteBackend>();
  return std::make_unique<PostgresBackend>();
}

class RecordStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    backend_ = MakeBackend(GetParam());
    store_ = backend_->Open();
    ASSERT_EQ(store_->Migrate(), static_cast<int>(sqlite::Migrations().size()));
    ana_ = MakeUser("ana@example.com");
    bob_ = MakeUser("bob@example.com");
  }
  void TearDown() override { store_.reset(); }

  User MakeUser(const std::string& email) {
    User u;
    u.id = NewId();
    u.email = email;
    u.auth_issuer = "chronotrail-local";
    u.auth_subject = email;
    u.created_at = u.updated_at = 1000;
    return store_->FindOrCreateUser(u);
  }

  Visit MakeVisit(const User& u, Micros at) {
    Visit v;
    v.id = NewId();
    v.user_id = u.id;
    v.place.coordinates = Coordinates{-179.12345678, 45.5};
    v.place.address = "123 Main St";
    v.place.names = {"Blue Bottle", "Café"};
    v.visit_time = at;
    v.duration_minutes = 25;
    v.created_at = v.updated_at = at;
    store_->InsertVisit(v, kFree);
    return v;
  }

  Note MakeNote(const User& u, Micros at, std::string text = "hello") {
    Note n;
    n.id = NewId();
    n.user_id = u.id;
    n.text = std::move(text);
    n.timestamp = at;
    n.created_at = n.updated_at = at;
    store_->InsertNote(n, kFree);
    return n;
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<RecordStore> store_;
  User ana_, bob_;
};

INSTANTIATE_TEST_SUITE_P(Stores, RecordStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST_P(RecordStoreTest, BothSchemasHaveTheSameVersions) {
  ASSERT_EQ(sqlite::Migrations().size(), pg::Migrations().size());
  for (size_t i = 0; i < sqlite::Migrations().size(); ++i) {
    EXPECT_EQ(sqlite::Migrations()[i].version, pg::Migrations()[i].version);
  }
}

TEST_P(RecordStoreTest, MigrateIsIdempotent) {
  EXPECT_EQ(store_->Migrate(), 0);
  EXPECT_NO_THROW(store_->Ping());
}

TEST_P(RecordStoreTest, FindOrCreateUserReturnsTheSameUserForTheSameSubject) {
  User again = MakeUser("ana@example.com");
  EXPECT_EQ(again.id, ana_.id);
  EXPECT_NE(bob_.id, ana_.id);
  ASSERT_TRUE(store_->FindUser(ana_.id));
  EXPECT_FALSE(store_->FindUser(NewId()));
  EXPECT_EQ(store_->FindUserBySignIn("chronotrail-local", "ana@example.com")->id, ana_.id);
  EXPECT_FALSE(store_->FindUserBySignIn("https://other.example", "ana@example.com"));
}

TEST_P(RecordStoreTest, UpdateUserChangesProfileFields) {
  ana_.display_name = "Ana";
  ana_.timezone = "Europe/Lisbon";
  ana_.tier = Tier::kPro;
  ASSERT_TRUE(store_->UpdateUser(ana_));
  User read = *store_->FindUser(ana_.id);
  EXPECT_EQ(read.display_name, "Ana");
  EXPECT_EQ(read.timezone, "Europe/Lisbon");
  EXPECT_EQ(read.tier, Tier::kPro);
}

TEST_P(RecordStoreTest, VisitRoundTripsEveryField) {
  Visit v = MakeVisit(ana_, 5'000'000);
  std::optional<Visit> read = store_->FindVisit(ana_.id, v.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->place.coordinates, v.place.coordinates);
  EXPECT_EQ(read->place.address, v.place.address);
  EXPECT_EQ(read->place.names, v.place.names);
  EXPECT_EQ(read->visit_time, v.visit_time);
  EXPECT_EQ(read->duration_minutes, 25);
  EXPECT_FALSE(read->description);
}

TEST_P(RecordStoreTest, AnotherUsersRecordsAreInvisibleAndUntouchable) {
  Visit v = MakeVisit(ana_, 1);
  Note n = MakeNote(ana_, 1);
  EXPECT_FALSE(store_->FindVisit(bob_.id, v.id));
  EXPECT_FALSE(store_->FindNote(bob_.id, n.id));
  Visit stolen = v;
  stolen.user_id = bob_.id;
  stolen.description = "mine now";
  EXPECT_FALSE(store_->UpdateVisit(stolen));
  EXPECT_FALSE(store_->DeleteVisit(bob_.id, v.id));
  EXPECT_FALSE(store_->DeleteNote(bob_.id, n.id));
  EXPECT_EQ(store_->ListVisits(bob_.id, {}, {}).total, 0);
  EXPECT_FALSE(store_->FindVisit(ana_.id, v.id)->description);
}

TEST_P(RecordStoreTest, ListsNewestFirstWithinAnInclusiveRange) {
  for (Micros t = 1; t <= 30; ++t) MakeNote(ana_, t * 100);
  MakeNote(bob_, 1500);
  PageOf<Note> page = store_->ListNotes(ana_.id, {std::nullopt, std::nullopt}, {1, 10});
  EXPECT_EQ(page.total, 30);
  ASSERT_EQ(page.items.size(), 10u);
  EXPECT_EQ(page.items.front().timestamp, 3000);
  EXPECT_EQ(page.items.back().timestamp, 2100);

  PageOf<Note> last = store_->ListNotes(ana_.id, {}, {3, 10});
  EXPECT_EQ(last.items.back().timestamp, 100);
  EXPECT_TRUE(store_->ListNotes(ana_.id, {}, {4, 10}).items.empty());

  PageOf<Note> window = store_->ListNotes(ana_.id, {Micros{500}, Micros{900}}, {1, 100});
  EXPECT_EQ(window.total, 5);
  EXPECT_EQ(window.items.front().timestamp, 900);
  EXPECT_EQ(window.items.back().timestamp, 500);
}

TEST_P(RecordStoreTest, UpdateAndDeleteNote) {
  Note n = MakeNote(ana_, 10);
  n.text = "edited";
  n.place.names = {"Home"};
  n.updated_at = 20;
  ASSERT_TRUE(store_->UpdateNote(n));
  Note read = *store_->FindNote(ana_.id, n.id);
  EXPECT_EQ(read.text, "edited");
  EXPECT_EQ(read.place.names, (std::vector<std::string>{"Home"}));
  EXPECT_EQ(read.updated_at, 20);
  EXPECT_TRUE(store_->DeleteNote(ana_.id, n.id));
  EXPECT_FALSE(store_->FindNote(ana_.id, n.id));
  EXPECT_FALSE(store_->DeleteNote(ana_.id, n.id));
}

TEST_P(RecordStoreTest, ConcurrentWritersAndReadersLoseNothing) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        MakeNote(ana_, t * 1000 + i);
        store_->ListNotes(ana_.id, {}, {1, 5});
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(store_->ListNotes(ana_.id, {}, {1, 1}).total, 200);
}

TEST_P(RecordStoreTest, TimesKeepEveryMicrosecondAndTextEveryCharacter) {
  const Micros precise = 1'700'000'000'123'457;  // 2023-11-14T22:13:20.123457Z
  const Micros before_1970 = -86'400'000'001;
  Note n = MakeNote(ana_, precise, "café ☕ — 日本語 'quoted' \"double\" \\ back\\slash $1 %s");
  Note read = *store_->FindNote(ana_.id, n.id);
  EXPECT_EQ(read.timestamp, precise);
  EXPECT_EQ(read.text, n.text);
  Visit v = MakeVisit(ana_, before_1970);
  v.place.names = {"Zé's", "{braces}", "a,b", "\"q\"", "NULL"};
  v.place.coordinates = Coordinates{179.99999999, -89.99999999};
  ASSERT_TRUE(store_->UpdateVisit(v));
  Visit vr = *store_->FindVisit(ana_.id, v.id);
  EXPECT_EQ(vr.visit_time, before_1970);
  EXPECT_EQ(vr.place.names, v.place.names);
  EXPECT_EQ(vr.place.coordinates, v.place.coordinates);
}

TEST_P(RecordStoreTest, ConcurrentMigrationsApplyEachVersionOnce) {
  // Fresh stores on the same new data racing to migrate (instances starting together): between
  // them they apply each migration exactly once, and none fails.
  std::unique_ptr<Backend> fresh = MakeBackend(GetParam());
  std::vector<std::unique_ptr<RecordStore>> stores;
  for (int i = 0; i < 4; ++i) stores.push_back(fresh->Open());
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (auto& s : stores) threads.emplace_back([&, st = s.get()] { applied += st->Migrate(); });
  for (auto& th : threads) th.join();
  EXPECT_EQ(applied, static_cast<int>(sqlite::Migrations().size()));
}

TEST_P(RecordStoreTest, DataSurvivesReopening) {
  Note n = MakeNote(ana_, 42, "durable");
  store_.reset();
  store_ = backend_->Open();
  EXPECT_EQ(store_->Migrate(), 0);
  EXPECT_EQ(store_->FindNote(ana_.id, n.id)->text, "durable");
}

TEST_P(RecordStoreTest, ChargedWritesStopAtTheLimitAndWriteNothingBeyondIt) {
  UsageCharge charge{"2026-11-26", UsageKind::kContent, 2};
  auto note = [&] {
    Note n;
    n.id = NewId();
    n.user_id = ana_.id;
    n.text = "x";
    return n;
  };
  EXPECT_EQ(store_->InsertNote(note(), charge).used, 1);
  EXPECT_EQ(store_->InsertNote(note(), charge).used, 2);
  ChargeResult refused = store_->InsertNote(note(), charge);
  EXPECT_FALSE(refused.accepted);
  EXPECT_EQ(refused.used, 2);
  EXPECT_EQ(store_->ListNotes(ana_.id, {}, {}).total, 2);
  DailyUsage usage = store_->GetUsage(ana_.id, "2026-11-26");
  EXPECT_EQ(usage.content, 2);
  EXPECT_EQ(usage.visits, 0);
  // Another day and another counter start from zero.
  EXPECT_TRUE(store_->InsertNote(note(), {"2026-11-27", UsageKind::kContent, 2}).accepted);
  EXPECT_EQ(store_->GetUsage(bob_.id, "2026-11-26").content, 0);
}

TEST_P(RecordStoreTest, AFailedWriteDoesNotCount) {
  UsageCharge charge{"2026-11-26", UsageKind::kContent, 5};
  Note n;
  n.id = NewId();
  n.user_id = NewId();  // no such user: the foreign key refuses the insert
  EXPECT_THROW(store_->InsertNote(n, charge), ApiError);
  EXPECT_EQ(store_->GetUsage(n.user_id, "2026-11-26").content, 0);
}

TEST_P(RecordStoreTest, ConcurrentChargesNeverPassTheLimit) {
  UsageCharge charge{"2026-11-26", UsageKind::kVisit, 7};
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        Visit v;
        v.id = NewId();
        v.user_id = ana_.id;
        v.place.address = "here";
        if (store_->InsertVisit(v, charge).accepted) ++accepted;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(accepted, 7);
  EXPECT_EQ(store_->ListVisits(ana_.id, {}, {}).total, 7);
  EXPECT_EQ(store_->GetUsage(ana_.id, "2026-11-26").visits, 7);
}

TEST_P(RecordStoreTest, CarriedUsageRaisesTheOtherDaysCountersOnly) {
  Note n;
  n.user_id = ana_.id;
  for (int i = 0; i < 3; ++i) {
    n.id = NewId();
    store_->InsertNote(n, {"2026-11-26", UsageKind::kContent, kUnlimited});
  }
  n.id = NewId();
  store_->InsertNote(n, {"2026-11-27", UsageKind::kContent, kUnlimited});
  store_->CarryUsage(ana_.id, "2026-11-26", "2026-11-27");
  EXPECT_EQ(store_->GetUsage(ana_.id, "2026-11-27").content, 3);
  store_->CarryUsage(ana_.id, "2026-11-25", "2026-11-27");  // nothing there: nothing changes
  EXPECT_EQ(store_->GetUsage(ana_.id, "2026-11-27").content, 3);
  store_->CarryUsage(ana_.id, "2026-11-26", "2026-11-25");
  EXPECT_EQ(store_->GetUsage(ana_.id, "2026-11-25").content, 3);
}

TEST_P(RecordStoreTest, OperatorsFindUsersByEmail) {
  EXPECT_EQ(store_->ListUsers().size(), 2u);
  ASSERT_EQ(store_->FindUsersByEmail("bob@example.com").size(), 1u);
  EXPECT_TRUE(store_->FindUsersByEmail("nobody@example.com").empty());
}

TEST_P(RecordStoreTest, DeletingAUserRemovesTheirRecordsAndCountersOnly) {
  Visit v = MakeVisit(ana_, 10);
  Note n = MakeNote(ana_, 10);
  MakeNote(bob_, 10);
  store_->InsertNote(Note{NewId(), ana_.id, "counted", 1, {}, 1, 1},
                     {"2026-11-26", UsageKind::kContent, kUnlimited});
  EXPECT_TRUE(store_->DeleteUser(ana_.id));
  EXPECT_FALSE(store_->FindUser(ana_.id));
  EXPECT_FALSE(store_->FindVisit(ana_.id, v.id));
  EXPECT_FALSE(store_->FindNote(ana_.id, n.id));
  EXPECT_EQ(store_->GetUsage(ana_.id, "2026-11-26").content, 0);
  EXPECT_EQ(store_->ListNotes(bob_.id, {}, {}).total, 1);
  EXPECT_FALSE(store_->DeleteUser(ana_.id));
  // The same sign-in makes a new, empty user.
  User again = MakeUser("ana@example.com");
  EXPECT_NE(again.id, ana_.id);
  EXPECT_EQ(store_->ListNotes(again.id, {}, {}).total, 0);
}

TEST_P(RecordStoreTest, QuestionSessionsArePerUserExpireSurviveReopeningAndGoWithTheUser) {
  store_->SaveQuerySession(ana_.id, "s1", R"({"keywords":["gym"]})", 2000, 1000);
  EXPECT_EQ(store_->FindQuerySession(ana_.id, "s1", 1500), R"({"keywords":["gym"]})");
  EXPECT_FALSE(store_->FindQuerySession(bob_.id, "s1", 1500));  // the same id, another user
  EXPECT_FALSE(store_->FindQuerySession(ana_.id, "s1", 2001));  // expired
  EXPECT_FALSE(store_->FindQuerySession(ana_.id, "s2", 1500));

  // Saving again replaces the context and the expiry.
  store_->SaveQuerySession(ana_.id, "s1", R"({"keywords":["pool"]})", 9000, 1000);
  EXPECT_EQ(store_->FindQuerySession(ana_.id, "s1", 2001), R"({"keywords":["pool"]})");

  // Every save drops what expired before its `now`.
  store_->SaveQuerySession(ana_.id, "short", "{}", 1500, 1000);
  store_->SaveQuerySession(bob_.id, "b", "{}", 20000, 3000);
  EXPECT_FALSE(store_->FindQuerySession(ana_.id, "short", 0));
  EXPECT_TRUE(store_->FindQuerySession(ana_.id, "s1", 3000));

  // Nothing is kept for a user who does not exist (deleted meanwhile).
  EXPECT_NO_THROW(store_->SaveQuerySession(NewId(), "s", "{}", 9000, 1000));

  store_ = backend_->Open();
  EXPECT_EQ(store_->FindQuerySession(ana_.id, "s1", 3000), R"({"keywords":["pool"]})");
  ASSERT_TRUE(store_->DeleteUser(bob_.id));
  EXPECT_FALSE(store_->FindQuerySession(bob_.id, "b", 3000));
}

}  // namespace
}  // namespace chronotrail
