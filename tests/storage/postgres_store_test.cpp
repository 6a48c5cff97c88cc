// What only the PostgreSQL store does: survive the database going away and coming back, and send
// lists to a read replica while everything else stays on the primary.
#include "storage/postgres/postgres_store.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/ids.h"
#include "core/limits.h"
#include "storage/postgres/connection.h"
#include "support/postgres_cluster.h"

namespace chronotrail {
namespace {

using testing::PostgresCluster;
using testing::TestDatabase;

const UsageCharge kFree{"2024-01-01", UsageKind::kContent, kUnlimited};

User NewUser(RecordStore& store) {
  User u;
  u.id = NewId();
  u.email = u.id + "@example.com";
  u.auth_issuer = "chronotrail-local";
  u.auth_subject = u.id;
  return store.FindOrCreateUser(u);
}

Note NewNote(const User& u, std::string text) {
  Note n;
  n.id = NewId();
  n.user_id = u.id;
  n.text = std::move(text);
  n.timestamp = 1'000'000;
  return n;
}

TEST(PostgresStore, AnUnreachableDatabaseIsUnavailableNotAnError) {
  PostgresStore store({"postgresql://nobody@127.0.0.1:1/none?sslmode=disable", "", 2, 1000});
  try {
    store.Ping();
    FAIL() << "Ping succeeded";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    EXPECT_EQ(std::string(e.what()).find("nobody"), std::string::npos) << e.what();
  }
}

TEST(PostgresConnection, AStatementPastItsTimeoutIsCancelledAndTheConnectionLivesOn) {
  TestDatabase db;
  pg::Connection conn(db.url(), 200);
  try {
    conn.Query("SELECT pg_sleep(2)");
    FAIL() << "the statement was not cancelled";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable) << e.what();
  }
  EXPECT_EQ(conn.last_sqlstate(), "57014");  // query_canceled
  EXPECT_TRUE(conn.healthy());
  EXPECT_EQ(conn.Query("SELECT 1").Int(0, 0), 1);
}

TEST(PostgresStore, ReconnectsByItselfAfterTheDatabaseRestarts) {
  PostgresCluster cluster;
  PostgresStore store({cluster.CreateDatabase(), "", 4, 5000});
  store.Migrate();
  User ana = NewUser(store);
  ASSERT_TRUE(store.InsertNote(NewNote(ana, "before"), kFree).accepted);

  cluster.Stop();
  EXPECT_THROW(store.Ping(), ApiError);
  try {
    store.InsertNote(NewNote(ana, "during"), kFree);
    FAIL() << "a write succeeded with the database down";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable) << e.what();
  }

  cluster.Start();
  // Pooled connections died with the old server; none of them may leak into a request.
  EXPECT_NO_THROW(store.Ping());
  EXPECT_TRUE(store.InsertNote(NewNote(ana, "after"), kFree).accepted);
  EXPECT_EQ(store.ListNotes(ana.id, {}, {}).total, 2);
}

TEST(PostgresStore, ListsReadTheReplicaAndEverythingElseThePrimary) {
  // Two databases stand for a primary and a replica that has not caught up yet.
  TestDatabase primary_db, replica_db;
  PostgresStore primary({primary_db.url(), "", 2, 5000});
  primary.Migrate();
  PostgresStore replica_only({replica_db.url(), "", 2, 5000});
  replica_only.Migrate();
  PostgresStore store({primary_db.url(), replica_db.url(), 2, 5000});

  User ana = NewUser(store);
  Note note = NewNote(ana, "just written");
  ASSERT_TRUE(store.InsertNote(note, kFree).accepted);
  // A read before a write (and any single-record read) sees the primary at once...
  ASSERT_TRUE(store.FindNote(ana.id, note.id));
  EXPECT_EQ(store.FindUser(ana.id)->id, ana.id);
  // ...while lists come from the replica, which lags.
  EXPECT_EQ(store.ListNotes(ana.id, {}, {}).total, 0);
  // Once "replicated", the list shows it.
  User copy = replica_only.FindOrCreateUser(ana);
  ASSERT_TRUE(replica_only.InsertNote(note, kFree).accepted);
  EXPECT_EQ(store.ListNotes(copy.id, {}, {}).total, 1);
}

}  // namespace
}  // namespace chronotrail
