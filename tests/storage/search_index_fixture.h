// The fixture of the search index tests: a store of each kind (SQLite in a temporary directory,
// PostgreSQL in the test cluster) with two users, ana and bob, and helpers to add notes, search,
// and change the database behind the store's back.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/limits.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/postgres_cluster.h"
#include "support/temp_dir.h"

namespace chronotrail {

inline const UsageCharge kFree{"2024-01-01", UsageKind::kContent, kUnlimited};
inline constexpr Micros kDay = 86'400'000'000LL;
inline constexpr Micros kJan1 = 1704067200LL * 1'000'000;  // 2024-01-01T00:00:00Z

class SearchIndexTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      store_ = std::make_unique<SqliteStore>((dir_.path() / "t.db").string(), 2);
    } else {
      db_.emplace();
      store_ = std::make_unique<PostgresStore>(PostgresOptions{db_->url(), "", 4, 5000});
    }
    store_->Migrate();
    ana_ = AddUser("ana");
    bob_ = AddUser("bob");
  }

  std::string AddUser(const std::string& name) {
    User u;
    u.id = NewId();
    u.email = name + "@example.com";
    u.auth_issuer = "local";
    u.auth_subject = name;
    return store_->FindOrCreateUser(u).id;
  }

  Note AddNote(const std::string& user, const std::string& text, Micros at) {
    Note n;
    n.id = NewId();
    n.user_id = user;
    n.text = text;
    n.timestamp = at;
    n.created_at = n.updated_at = at;
    EXPECT_TRUE(store_->InsertNote(n, kFree).accepted);
    return n;
  }

  std::vector<std::string> Find(const std::string& user, std::vector<std::string> terms,
                                SearchFilter filter = {}, TermMatch match = TermMatch::kAny) {
    std::vector<std::string> ids;
    for (const SearchHit& h : store_->SearchText(user, terms, match, filter, 50))
      ids.push_back(h.record_id);
    return ids;
  }

  // Runs SQL on the store's database behind its back (to damage the index).
  void ExecRaw(const std::string& sql) {
    if (GetParam() == "sqlite") {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open((dir_.path() / "t.db").string().c_str(), &db), SQLITE_OK);
      sqlite3_busy_timeout(db, 5000);
      char* error = nullptr;
      int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
      std::string message = error ? error : "";
      sqlite3_free(error);
      sqlite3_close(db);
      ASSERT_EQ(rc, SQLITE_OK) << message << "\n" << sql;
    } else {
      PGconn* conn = PQconnectdb(db_->url().c_str());
      PGresult* r = PQexec(conn, sql.c_str());
      const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      std::string message = PQresultErrorMessage(r);
      PQclear(r);
      PQfinish(conn);
      ASSERT_TRUE(ok) << message << "\n" << sql;
    }
  }

  testing::TempDir dir_;
  std::optional<testing::TestDatabase> db_;
  std::unique_ptr<RecordStore> store_;
  std::string ana_, bob_;
};

}  // namespace chronotrail
