#include "storage/sqlite/sqlite_store.h"

#include <limits>

#include "core/error.h"
#include "storage/names_json.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/rows.h"

namespace chronotrail {
namespace {

using sqlite::BindPlace;
using sqlite::Charge;
using sqlite::Cursor;
using sqlite::ReadPlace;

User ReadUser(const Cursor& q) {
  User u;
  u.id = q.Text(0);
  u.email = q.Text(1);
  u.display_name = q.OptText(2);
  u.tier = ParseTier(q.Text(3)).value_or(Tier::kFree);
  u.subscription_expires_at = q.OptInt(4);
  u.timezone = q.OptText(5);
  u.auth_issuer = q.Text(6);
  u.auth_subject = q.Text(7);
  u.created_at = q.Int(8);
  u.updated_at = q.Int(9);
  return u;
}

Visit ReadVisit(const Cursor& q) {
  Visit v;
  v.id = q.Text(0);
  v.user_id = q.Text(1);
  v.place = ReadPlace(q, 2);
  v.visit_time = q.Int(6);
  v.duration_minutes = q.OptInt(7);
  v.description = q.OptText(8);
  v.created_at = q.Int(9);
  v.updated_at = q.Int(10);
  return v;
}

Note ReadNote(const Cursor& q) {
  Note n;
  n.id = q.Text(0);
  n.user_id = q.Text(1);
  n.text = q.Text(2);
  n.timestamp = q.Int(3);
  n.place = ReadPlace(q, 4);
  n.created_at = q.Int(8);
  n.updated_at = q.Int(9);
  return n;
}

// SQL text must be string literals with static storage: the statement cache is keyed by address.
#define VISIT_COLUMNS                                                                             \
  "id, user_id, longitude, latitude, address, names, visit_time, duration_minutes, description, " \
  "created_at, updated_at"
#define NOTE_COLUMNS                                                                        \
  "id, user_id, text_content, timestamp, longitude, latitude, address, names, created_at, " \
  "updated_at"
#define USER_COLUMNS                                                                             \
  "id, email, display_name, subscription_tier, subscription_expires_at, timezone, auth_issuer, " \
  "auth_subject, created_at, updated_at"

// Runs `list_sql` (user_id, from, to, limit, offset; its column `total_column` counts all the
// matches) and, only for a page past the end, `count_sql` (user_id, from, to). One statement
// reads one snapshot, so the page and the total agree without a transaction around two.
template <class T, class Reader>
PageOf<T> ListPage(sqlite::Connection& conn, const char* list_sql, const char* count_sql,
                   int total_column, const std::string& user_id, const TimeRange& range,
                   const PageRequest& page, Reader read) {
  const Micros from = range.from.value_or(std::numeric_limits<Micros>::min());
  const Micros to = range.to.value_or(std::numeric_limits<Micros>::max());
  PageOf<T> out;
  {
    Cursor q = conn.Query(list_sql);
    q.Bind(1, user_id).Bind(2, from).Bind(3, to);
    q.Bind(4, std::int64_t{page.page_size});
    q.Bind(5, std::int64_t{page.page - 1} * page.page_size);
    while (q.Step()) {
      out.items.push_back(read(q));
      out.total = q.Int(total_column);
    }
  }
  if (out.items.empty() && page.page > 1) {  // no row past the end to carry the total
    Cursor q = conn.Query(count_sql);
    q.Bind(1, user_id).Bind(2, from).Bind(3, to);
    if (q.Step()) out.total = q.Int(0);
  }
  return out;
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, int readers)
    : writer_(path), readers_(path, readers) {}

int SqliteStore::Migrate() {
  int applied = 0;
  commit_.Exclusive([&](sqlite::Connection& conn) { applied = MigrateOn(conn); });
  return applied;
}

int SqliteStore::MigrateOn(sqlite::Connection& conn) {
  conn.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  int applied = 0;
  for (const sqlite::Migration& m : sqlite::Migrations()) {
    // Each migration commits on its own; IMMEDIATE serialises concurrent `migrate` runs, and the
    // version is re-read under the lock so none is applied twice.
    sqlite::Transaction tx(conn);
    Cursor check = conn.Query("SELECT 1 FROM schema_migrations WHERE version = ?1");
    check.Bind(1, std::int64_t{m.version});
    bool done = check.Step();
    if (done) continue;
    conn.Exec(m.sql);
    {
      Cursor q = conn.Query(
          "INSERT INTO schema_migrations (version, name, applied_at) "
          "VALUES (?1, ?2, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))");
      q.Bind(1, std::int64_t{m.version}).Bind(2, std::string_view(m.name)).Run();
    }
    tx.Commit();
    ++applied;
  }
  // A migration that rewrote an index leaves it in the write-ahead log, where every read would
  // look it up until the next write triggered a checkpoint: move it into the database now.
  if (applied > 0) conn.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return applied;
}

void SqliteStore::Ping() {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query("SELECT count(*) FROM schema_migrations");
  q.Step();
}

// ---- users ----

User SqliteStore::FindOrCreateUser(const User& fresh) {
  User found;
  commit_.Write([&](sqlite::Connection& conn) {
    {
      Cursor q = conn.Query("INSERT INTO users (" USER_COLUMNS
                            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                            "ON CONFLICT (auth_issuer, auth_subject) DO NOTHING");
      q.Bind(1, fresh.id).Bind(2, fresh.email).Bind(3, fresh.display_name);
      q.Bind(4, std::string_view(TierName(fresh.tier))).Bind(5, fresh.subscription_expires_at);
      q.Bind(6, fresh.timezone).Bind(7, fresh.auth_issuer).Bind(8, fresh.auth_subject);
      q.Bind(9, fresh.created_at).Bind(10, fresh.updated_at).Run();
    }
    Cursor q = conn.Query("SELECT " USER_COLUMNS
                          " FROM users WHERE auth_issuer = ?1 AND auth_subject = ?2");
    q.Bind(1, fresh.auth_issuer).Bind(2, fresh.auth_subject);
    if (!q.Step()) throw ApiError(ErrorKind::kInternal, "user vanished after insert");
    found = ReadUser(q);
  });
  return found;
}

std::optional<User> SqliteStore::FindUser(const std::string& user_id) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query("SELECT " USER_COLUMNS " FROM users WHERE id = ?1");
  q.Bind(1, user_id);
  if (!q.Step()) return std::nullopt;
  return ReadUser(q);
}

std::optional<User> SqliteStore::FindUserBySignIn(const std::string& auth_issuer,
                                                  const std::string& auth_subject) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query("SELECT " USER_COLUMNS
                         " FROM users WHERE auth_issuer = ?1 AND auth_subject = ?2");
  q.Bind(1, auth_issuer).Bind(2, auth_subject);
  if (!q.Step()) return std::nullopt;
  return ReadUser(q);
}

bool SqliteStore::UpdateUser(const User& u) {
  bool changed = false;
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query(
        "UPDATE users SET email = ?2, display_name = ?3, subscription_tier = ?4, "
        "subscription_expires_at = ?5, timezone = ?6, updated_at = ?7 WHERE id = ?1");
    q.Bind(1, u.id).Bind(2, u.email).Bind(3, u.display_name);
    q.Bind(4, std::string_view(TierName(u.tier))).Bind(5, u.subscription_expires_at);
    q.Bind(6, u.timezone).Bind(7, u.updated_at).Run();
    changed = q.Changes() > 0;
  });
  return changed;
}

std::vector<User> SqliteStore::ListUsers() {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query("SELECT " USER_COLUMNS " FROM users ORDER BY created_at, id");
  std::vector<User> out;
  while (q.Step()) out.push_back(ReadUser(q));
  return out;
}

std::vector<User> SqliteStore::FindUsersByEmail(const std::string& email) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query("SELECT " USER_COLUMNS " FROM users WHERE email = ?1 ORDER BY created_at");
  q.Bind(1, email);
  std::vector<User> out;
  while (q.Step()) out.push_back(ReadUser(q));
  return out;
}

bool SqliteStore::DeleteUser(const std::string& user_id) {
  bool changed = false;
  commit_.Write([&](sqlite::Connection& conn) {
    // The bytes outlive their records until the worker deletes them.
    {
      Cursor q = conn.Query(
          "INSERT OR IGNORE INTO blob_deletions (blob_key, queued_at) "
          "SELECT blob_key, updated_at FROM media WHERE user_id = ?1");
      q.Bind(1, user_id).Run();
    }
    // Every table that holds a user's rows references users ON DELETE CASCADE.
    Cursor q = conn.Query("DELETE FROM users WHERE id = ?1");
    q.Bind(1, user_id).Run();
    changed = q.Changes() > 0;
    Cursor counted = conn.Query("DELETE FROM search_deletions WHERE user_id = ?1");
    counted.Bind(1, user_id).Run();
  });
  return changed;
}

// ---- daily usage ----

DailyUsage SqliteStore::GetUsage(const std::string& user_id, const std::string& day) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query(
      "SELECT content_count, query_count, visit_count FROM daily_usage "
      "WHERE user_id = ?1 AND day = ?2");
  q.Bind(1, user_id).Bind(2, day);
  if (!q.Step()) return {};
  return {q.Int(0), q.Int(1), q.Int(2)};
}

void SqliteStore::CarryUsage(const std::string& user_id, const std::string& from_day,
                             const std::string& to_day) {
  if (from_day == to_day) return;
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query(
        "INSERT INTO daily_usage (user_id, day, content_count, query_count, visit_count) "
        "SELECT user_id, ?3, content_count, query_count, visit_count FROM daily_usage "
        "WHERE user_id = ?1 AND day = ?2 "
        "ON CONFLICT (user_id, day) DO UPDATE SET "
        "content_count = max(content_count, excluded.content_count), "
        "query_count = max(query_count, excluded.query_count), "
        "visit_count = max(visit_count, excluded.visit_count)");
    q.Bind(1, user_id).Bind(2, from_day).Bind(3, to_day).Run();
  });
}

ChargeResult SqliteStore::ChargeUsage(const std::string& user_id, const UsageCharge& charge) {
  ChargeResult result;
  commit_.Write([&](sqlite::Connection& conn) { result = Charge(conn, user_id, charge); });
  return result;
}

// ---- location visits ----

ChargeResult SqliteStore::InsertVisit(const Visit& v, const UsageCharge& charge) {
  ChargeResult result;
  commit_.Write([&](sqlite::Connection& conn) {
    result = Charge(conn, v.user_id, charge);
    if (!result.accepted) return;
    Cursor q = conn.Query("INSERT INTO location_visits (" VISIT_COLUMNS
                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    q.Bind(1, v.id).Bind(2, v.user_id);
    BindPlace(q, 3, v.place);
    q.Bind(7, v.visit_time).Bind(8, v.duration_minutes).Bind(9, v.description);
    q.Bind(10, v.created_at).Bind(11, v.updated_at).Run();
  });
  return result;
}

std::optional<Visit> SqliteStore::FindVisit(const std::string& user_id, const std::string& id) {
  auto conn = readers_.Acquire();
  Cursor q =
      conn->Query("SELECT " VISIT_COLUMNS " FROM location_visits WHERE id = ?1 AND user_id = ?2");
  q.Bind(1, id).Bind(2, user_id);
  if (!q.Step()) return std::nullopt;
  return ReadVisit(q);
}

PageOf<Visit> SqliteStore::ListVisits(const std::string& user_id, const TimeRange& range,
                                      const PageRequest& page) {
  auto conn = readers_.Acquire();
  return ListPage<Visit>(*conn,
                         "SELECT " VISIT_COLUMNS
                         ", (SELECT count(*) FROM location_visits"
                         "   WHERE user_id = ?1 AND visit_time BETWEEN ?2 AND ?3)"
                         " FROM location_visits WHERE user_id = ?1 AND visit_time BETWEEN ?2 AND ?3"
                         " ORDER BY visit_time DESC, id LIMIT ?4 OFFSET ?5",
                         "SELECT count(*) FROM location_visits"
                         " WHERE user_id = ?1 AND visit_time BETWEEN ?2 AND ?3",
                         11, user_id, range, page, ReadVisit);
}

bool SqliteStore::UpdateVisit(const Visit& v) {
  bool changed = false;
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query(
        "UPDATE location_visits SET longitude = ?3, latitude = ?4, address = ?5, names = ?6, "
        "visit_time = ?7, duration_minutes = ?8, description = ?9, updated_at = ?10 "
        "WHERE id = ?1 AND user_id = ?2");
    q.Bind(1, v.id).Bind(2, v.user_id);
    BindPlace(q, 3, v.place);
    q.Bind(7, v.visit_time).Bind(8, v.duration_minutes).Bind(9, v.description);
    q.Bind(10, v.updated_at).Run();
    changed = q.Changes() > 0;
  });
  return changed;
}

bool SqliteStore::DeleteVisit(const std::string& user_id, const std::string& id) {
  bool changed = false;
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query("DELETE FROM location_visits WHERE id = ?1 AND user_id = ?2");
    q.Bind(1, id).Bind(2, user_id).Run();
    changed = q.Changes() > 0;
  });
  return changed;
}

// ---- text notes ----

ChargeResult SqliteStore::InsertNote(const Note& n, const UsageCharge& charge) {
  ChargeResult result;
  commit_.Write([&](sqlite::Connection& conn) {
    result = Charge(conn, n.user_id, charge);
    if (!result.accepted) return;
    Cursor q = conn.Query("INSERT INTO text_notes (" NOTE_COLUMNS
                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    q.Bind(1, n.id).Bind(2, n.user_id).Bind(3, n.text).Bind(4, n.timestamp);
    BindPlace(q, 5, n.place);
    q.Bind(9, n.created_at).Bind(10, n.updated_at).Run();
  });
  return result;
}

std::optional<Note> SqliteStore::FindNote(const std::string& user_id, const std::string& id) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query("SELECT " NOTE_COLUMNS " FROM text_notes WHERE id = ?1 AND user_id = ?2");
  q.Bind(1, id).Bind(2, user_id);
  if (!q.Step()) return std::nullopt;
  return ReadNote(q);
}

PageOf<Note> SqliteStore::ListNotes(const std::string& user_id, const TimeRange& range,
                                    const PageRequest& page) {
  auto conn = readers_.Acquire();
  return ListPage<Note>(*conn,
                        "SELECT " NOTE_COLUMNS
                        ", (SELECT count(*) FROM text_notes"
                        "   WHERE user_id = ?1 AND timestamp BETWEEN ?2 AND ?3)"
                        " FROM text_notes WHERE user_id = ?1 AND timestamp BETWEEN ?2 AND ?3"
                        " ORDER BY timestamp DESC, id LIMIT ?4 OFFSET ?5",
                        "SELECT count(*) FROM text_notes"
                        " WHERE user_id = ?1 AND timestamp BETWEEN ?2 AND ?3",
                        10, user_id, range, page, ReadNote);
}

bool SqliteStore::UpdateNote(const Note& n) {
  bool changed = false;
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query(
        "UPDATE text_notes SET text_content = ?3, timestamp = ?4, longitude = ?5, latitude = ?6, "
        "address = ?7, names = ?8, updated_at = ?9 WHERE id = ?1 AND user_id = ?2");
    q.Bind(1, n.id).Bind(2, n.user_id).Bind(3, n.text).Bind(4, n.timestamp);
    BindPlace(q, 5, n.place);
    q.Bind(9, n.updated_at).Run();
    changed = q.Changes() > 0;
  });
  return changed;
}

bool SqliteStore::DeleteNote(const std::string& user_id, const std::string& id) {
  bool changed = false;
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query("DELETE FROM text_notes WHERE id = ?1 AND user_id = ?2");
    q.Bind(1, id).Bind(2, user_id).Run();
    changed = q.Changes() > 0;
  });
  return changed;
}

}  // namespace chronotrail
