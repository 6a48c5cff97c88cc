#include "storage/postgres/postgres_store.h"

#include "core/error.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/rows.h"

namespace chronotrail {
namespace {

using pg::AddPlace;
using pg::Params;
using pg::ReadPlace;
using pg::Result;

// Any number unlikely to be used by another application sharing the database.
constexpr std::int64_t kMigrationLockKey = 0x43685472'61696c01;  // "ChTrail" 1

User ReadUser(const Result& r, int row) {
  User u;
  u.id = r.Text(row, 0);
  u.email = r.Text(row, 1);
  u.display_name = r.OptText(row, 2);
  u.tier = ParseTier(r.Text(row, 3)).value_or(Tier::kFree);
  u.subscription_expires_at = r.OptInt(row, 4);
  u.timezone = r.OptText(row, 5);
  u.auth_issuer = r.Text(row, 6);
  u.auth_subject = r.Text(row, 7);
  u.created_at = r.Int(row, 8);
  u.updated_at = r.Int(row, 9);
  return u;
}

Visit ReadVisit(const Result& r, int row) {
  Visit v;
  v.id = r.Text(row, 0);
  v.user_id = r.Text(row, 1);
  v.place = ReadPlace(r, row, 2);
  v.visit_time = r.Int(row, 6);
  v.duration_minutes = r.OptInt(row, 7);
  v.description = r.OptText(row, 8);
  v.created_at = r.Int(row, 9);
  v.updated_at = r.Int(row, 10);
  return v;
}

Note ReadNote(const Result& r, int row) {
  Note n;
  n.id = r.Text(row, 0);
  n.user_id = r.Text(row, 1);
  n.text = r.Text(row, 2);
  n.timestamp = r.Int(row, 3);
  n.place = ReadPlace(r, row, 4);
  n.created_at = r.Int(row, 8);
  n.updated_at = r.Int(row, 9);
  return n;
}

// SQL text must be string literals with static storage: prepared statements are keyed by address.
#define USER_COLUMNS                                                                       \
  "id, email, display_name, subscription_tier, ct_us(subscription_expires_at), timezone, " \
  "auth_issuer, auth_subject, ct_us(created_at), ct_us(updated_at)"
#define VISIT_COLUMNS                                                                          \
  "id, user_id, longitude, latitude, address, array_to_json(names)::text, ct_us(visit_time), " \
  "duration_minutes, description, ct_us(created_at), ct_us(updated_at)"
#define NOTE_COLUMNS                                                            \
  "id, user_id, text_content, ct_us(timestamp), longitude, latitude, address, " \
  "array_to_json(names)::text, ct_us(created_at), ct_us(updated_at)"
// A time range as $2 (from) and $3 (to), either NULL for an open end.
#define IN_RANGE(column) \
  column " >= coalesce(ct_ts($2), '-infinity') AND " column " <= coalesce(ct_ts($3), 'infinity')"

// Runs `list_sql` ($1 user, $2 from, $3 to, $4 limit, $5 offset; its last column counts all the
// matches) and, only for a page past the end, `count_sql` ($1-$3).
template <class T, class Reader>
PageOf<T> ListPage(pg::Connection& conn, const char* list_sql, const char* count_sql,
                   int total_column, const std::string& user_id, const TimeRange& range,
                   const PageRequest& page, Reader read) {
  Params p;
  p.Add(user_id).Add(range.from).Add(range.to);
  PageOf<T> out;
  {
    Params list = p;
    list.Add(std::int64_t{page.page_size}).Add(std::int64_t{page.page - 1} * page.page_size);
    Result r = conn.Query(list_sql, list);
    for (int row = 0; row < r.rows(); ++row) {
      out.items.push_back(read(r, row));
      out.total = r.Int(row, total_column);
    }
  }
  if (out.items.empty() && page.page > 1) {  // no row past the end to carry the total
    Result r = conn.Query(count_sql, p);
    if (r.rows() > 0) out.total = r.Int(0, 0);
  }
  return out;
}

// Runs a charged insert (CT_CHARGE_CTE + the record's insert, selecting `used`); when the limit
// refused it, reads the counter as it stands.
ChargeResult ChargedInsert(pg::Pool& pool, const char* sql, const UsageCharge& charge,
                           const Params& params) {
  auto conn = pool.Acquire();
  if (pg::ChargeAllowsAny(charge)) {
    Result r = conn->Query(sql, params);
    if (r.rows() > 0) return {true, r.Int(0, 0)};
  }
  return {false, pg::CounterValue(*conn, params.At(0), charge)};
}

}  // namespace

PostgresStore::PostgresStore(const PostgresOptions& o)
    : primary_(o.conninfo, o.pool_size, o.statement_timeout_ms) {
  if (!o.read_conninfo.empty()) {
    replica_ = std::make_unique<pg::Pool>(o.read_conninfo, o.pool_size, o.statement_timeout_ms);
  }
}

int PostgresStore::Migrate() {
  auto conn = primary_.Acquire();
  // A session-level lock held across the migrations' own transactions: a second instance
  // starting at the same time waits here, then finds every version applied.
  Params key;
  key.Add(kMigrationLockKey);
  conn->Query("SELECT pg_advisory_lock($1)", key);
  int applied = 0;
  try {
    conn->Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version integer PRIMARY KEY, name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())");
    for (const pg::Migration& m : pg::Migrations()) {
      Params version;
      version.Add(std::int64_t{m.version});
      if (conn->Query("SELECT 1 FROM schema_migrations WHERE version = $1", version).rows() > 0) {
        continue;
      }
      pg::InTransaction(*conn, [&](pg::Connection& c) {
        c.Exec(m.sql);
        Params row;
        row.Add(std::int64_t{m.version}).Add(m.name);
        c.Query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", row);
      });
      ++applied;
    }
  } catch (...) {
    if (conn->healthy()) conn->Query("SELECT pg_advisory_unlock($1)", key);
    throw;
  }
  conn->Query("SELECT pg_advisory_unlock($1)", key);
  {
    // A migration may have given search_docs its pgvector column: look again at next need.
    std::lock_guard lock(vector_engine_mu_);
    vector_engine_known_ = false;
  }
  return applied;
}

void PostgresStore::Ping() {
  auto conn = primary_.Acquire();
  conn->Query("SELECT count(*) FROM schema_migrations");
}

// ---- users ----

User PostgresStore::FindOrCreateUser(const User& fresh) {
  auto conn = primary_.Acquire();
  // Two autocommitted statements suffice: after the insert, or the conflict with another
  // instance's, the row exists and never goes away in between (users are not deleted here).
  Params p;
  p.Add(fresh.id).Add(fresh.email).Add(fresh.display_name).Add(TierName(fresh.tier));
  p.Add(fresh.subscription_expires_at).Add(fresh.timezone).Add(fresh.auth_issuer);
  p.Add(fresh.auth_subject).Add(fresh.created_at).Add(fresh.updated_at);
  conn->Query(
      "INSERT INTO users (id, email, display_name, subscription_tier, "
      "subscription_expires_at, timezone, auth_issuer, auth_subject, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, ct_ts($5), $6, $7, $8, ct_ts($9), ct_ts($10)) "
      "ON CONFLICT (auth_issuer, auth_subject) DO NOTHING",
      p);
  Params key;
  key.Add(fresh.auth_issuer).Add(fresh.auth_subject);
  Result r = conn->Query(
      "SELECT " USER_COLUMNS " FROM users WHERE auth_issuer = $1 AND auth_subject = $2", key);
  if (r.rows() == 0) throw ApiError(ErrorKind::kInternal, "user vanished after insert");
  return ReadUser(r, 0);
}

std::optional<User> PostgresStore::FindUser(const std::string& user_id) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(user_id);
  Result r = conn->Query("SELECT " USER_COLUMNS " FROM users WHERE id = $1", p);
  if (r.rows() == 0) return std::nullopt;
  return ReadUser(r, 0);
}

std::optional<User> PostgresStore::FindUserBySignIn(const std::string& auth_issuer,
                                                    const std::string& auth_subject) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(auth_issuer).Add(auth_subject);
  Result r = conn->Query(
      "SELECT " USER_COLUMNS " FROM users WHERE auth_issuer = $1 AND auth_subject = $2", p);
  if (r.rows() == 0) return std::nullopt;
  return ReadUser(r, 0);
}

bool PostgresStore::UpdateUser(const User& u) {
  // One statement commits by itself: no BEGIN/COMMIT round trips.
  auto lease = primary_.Acquire();
  pg::Connection& conn = *lease;
  bool changed = false;
  {
    Params p;
    p.Add(u.id).Add(u.email).Add(u.display_name).Add(TierName(u.tier));
    p.Add(u.subscription_expires_at).Add(u.timezone).Add(u.updated_at);
    changed = conn.Query(
                      "UPDATE users SET email = $2, display_name = $3, subscription_tier = $4, "
                      "subscription_expires_at = ct_ts($5), timezone = $6, "
                      "updated_at = ct_ts($7) WHERE id = $1",
                      p)
                  .affected() > 0;
  }
  return changed;
}

std::vector<User> PostgresStore::ListUsers() {
  auto conn = primary_.Acquire();
  Result r = conn->Query("SELECT " USER_COLUMNS " FROM users ORDER BY created_at, id");
  std::vector<User> out;
  for (int row = 0; row < r.rows(); ++row) out.push_back(ReadUser(r, row));
  return out;
}

std::vector<User> PostgresStore::FindUsersByEmail(const std::string& email) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(email);
  Result r =
      conn->Query("SELECT " USER_COLUMNS " FROM users WHERE email = $1 ORDER BY created_at, id", p);
  std::vector<User> out;
  for (int row = 0; row < r.rows(); ++row) out.push_back(ReadUser(r, row));
  return out;
}

bool PostgresStore::DeleteUser(const std::string& user_id) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(user_id);
  bool changed = false;
  pg::InTransaction(*conn, [&](pg::Connection& c) {
    // Locking the user first waits out an upload in flight (InsertMedia locks the same row, and
    // any insert's foreign key check holds it too); the next statement's snapshot then sees every
    // media row there will ever be, so no bytes are left behind without a way to find them.
    if (c.Query("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", p).rows() == 0) {
      changed = false;
      return;
    }
    // The bytes outlive their records until the worker deletes them. Every table that holds a
    // user's rows references users ON DELETE CASCADE.
    changed = c.Query(
                   "WITH queued AS (INSERT INTO blob_deletions (blob_key, queued_at) "
                   "SELECT blob_key, updated_at FROM media WHERE user_id = $1 "
                   "ON CONFLICT (blob_key) DO NOTHING) "
                   "DELETE FROM users WHERE id = $1",
                   p)
                  .affected() > 0;
    c.Query("DELETE FROM search_deletions WHERE user_id = $1", p);
  });
  return changed;
}

// ---- daily usage ----

DailyUsage PostgresStore::GetUsage(const std::string& user_id, const std::string& day) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(user_id).Add(day);
  Result r = conn->Query(
      "SELECT content_count, query_count, visit_count FROM daily_usage "
      "WHERE user_id = $1 AND day = $2::date",
      p);
  if (r.rows() == 0) return {};
  return {r.Int(0, 0), r.Int(0, 1), r.Int(0, 2)};
}

void PostgresStore::CarryUsage(const std::string& user_id, const std::string& from_day,
                               const std::string& to_day) {
  if (from_day == to_day) return;
  auto lease = primary_.Acquire();
  pg::Connection& conn = *lease;
  {
    Params p;
    p.Add(user_id).Add(from_day).Add(to_day);
    conn.Query(
        "INSERT INTO daily_usage AS d (user_id, day, content_count, query_count, visit_count) "
        "SELECT user_id, $3::date, content_count, query_count, visit_count FROM daily_usage "
        "WHERE user_id = $1 AND day = $2::date "
        "ON CONFLICT (user_id, day) DO UPDATE SET "
        "content_count = greatest(d.content_count, excluded.content_count), "
        "query_count = greatest(d.query_count, excluded.query_count), "
        "visit_count = greatest(d.visit_count, excluded.visit_count)",
        p);
  }
}

// ---- location visits ----

ChargeResult PostgresStore::InsertVisit(const Visit& v, const UsageCharge& charge) {
  Params p = pg::ChargeParams(v.user_id, charge);
  p.Add(v.id);
  AddPlace(p, v.place);
  p.Add(v.visit_time).Add(v.duration_minutes).Add(v.description);
  p.Add(v.created_at).Add(v.updated_at);
  return ChargedInsert(primary_,
                       CT_CHARGE_CTE
                       ", created AS (INSERT INTO location_visits (id, user_id, longitude, "
                       "latitude, address, names, visit_time, duration_minutes, description, "
                       "created_at, updated_at) SELECT $5, $1, $6, $7, $8, ct_names($9), "
                       "ct_ts($10), $11, $12, ct_ts($13), ct_ts($14) FROM charge) "
                       "SELECT used FROM charge",
                       charge, p);
}

std::optional<Visit> PostgresStore::FindVisit(const std::string& user_id, const std::string& id) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(id).Add(user_id);
  Result r = conn->Query(
      "SELECT " VISIT_COLUMNS " FROM location_visits WHERE id = $1 AND user_id = $2", p);
  if (r.rows() == 0) return std::nullopt;
  return ReadVisit(r, 0);
}

PageOf<Visit> PostgresStore::ListVisits(const std::string& user_id, const TimeRange& range,
                                        const PageRequest& page) {
  auto conn = ListPool().Acquire();
  return ListPage<Visit>(*conn,
                         "SELECT " VISIT_COLUMNS
                         ", count(*) OVER () FROM location_visits"
                         " WHERE user_id = $1 AND " IN_RANGE(
                             "visit_time") " ORDER BY visit_time DESC, id LIMIT $4 OFFSET $5",
                         "SELECT count(*) FROM location_visits"
                         " WHERE user_id = $1 AND " IN_RANGE("visit_time"),
                         11, user_id, range, page, ReadVisit);
}

bool PostgresStore::UpdateVisit(const Visit& v) {
  // One statement commits by itself: no BEGIN/COMMIT round trips.
  auto lease = primary_.Acquire();
  pg::Connection& conn = *lease;
  bool changed = false;
  {
    Params p;
    p.Add(v.id).Add(v.user_id);
    AddPlace(p, v.place);
    p.Add(v.visit_time).Add(v.duration_minutes).Add(v.description).Add(v.updated_at);
    changed = conn.Query(
                      "UPDATE location_visits SET longitude = $3, latitude = $4, "
                      "address = $5, names = ct_names($6), visit_time = ct_ts($7), "
                      "duration_minutes = $8, description = $9, updated_at = ct_ts($10) "
                      "WHERE id = $1 AND user_id = $2",
                      p)
                  .affected() > 0;
  }
  return changed;
}

bool PostgresStore::DeleteVisit(const std::string& user_id, const std::string& id) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(id).Add(user_id);
  return conn->Query("DELETE FROM location_visits WHERE id = $1 AND user_id = $2", p).affected() >
         0;
}

// ---- text notes ----

ChargeResult PostgresStore::InsertNote(const Note& n, const UsageCharge& charge) {
  Params p = pg::ChargeParams(n.user_id, charge);
  p.Add(n.id).Add(n.text).Add(n.timestamp);
  AddPlace(p, n.place);
  p.Add(n.created_at).Add(n.updated_at);
  return ChargedInsert(primary_,
                       CT_CHARGE_CTE
                       ", created AS (INSERT INTO text_notes (id, user_id, text_content, "
                       "timestamp, longitude, latitude, address, names, created_at, updated_at) "
                       "SELECT $5, $1, $6, ct_ts($7), $8, $9, $10, ct_names($11), ct_ts($12), "
                       "ct_ts($13) FROM charge) SELECT used FROM charge",
                       charge, p);
}

ChargeResult PostgresStore::ChargeUsage(const std::string& user_id, const UsageCharge& charge) {
  return ChargedInsert(primary_, CT_CHARGE_CTE " SELECT used FROM charge", charge,
                       pg::ChargeParams(user_id, charge));
}

std::optional<Note> PostgresStore::FindNote(const std::string& user_id, const std::string& id) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(id).Add(user_id);
  Result r =
      conn->Query("SELECT " NOTE_COLUMNS " FROM text_notes WHERE id = $1 AND user_id = $2", p);
  if (r.rows() == 0) return std::nullopt;
  return ReadNote(r, 0);
}

PageOf<Note> PostgresStore::ListNotes(const std::string& user_id, const TimeRange& range,
                                      const PageRequest& page) {
  auto conn = ListPool().Acquire();
  return ListPage<Note>(*conn,
                        "SELECT " NOTE_COLUMNS
                        ", count(*) OVER () FROM text_notes"
                        " WHERE user_id = $1 AND " IN_RANGE(
                            "timestamp") " ORDER BY timestamp DESC, id LIMIT $4 OFFSET $5",
                        "SELECT count(*) FROM text_notes"
                        " WHERE user_id = $1 AND " IN_RANGE("timestamp"),
                        10, user_id, range, page, ReadNote);
}

bool PostgresStore::UpdateNote(const Note& n) {
  // One statement commits by itself: no BEGIN/COMMIT round trips.
  auto lease = primary_.Acquire();
  pg::Connection& conn = *lease;
  bool changed = false;
  {
    Params p;
    p.Add(n.id).Add(n.user_id).Add(n.text).Add(n.timestamp);
    AddPlace(p, n.place);
    p.Add(n.updated_at);
    changed = conn.Query(
                      "UPDATE text_notes SET text_content = $3, timestamp = ct_ts($4), "
                      "longitude = $5, latitude = $6, address = $7, names = ct_names($8), "
                      "updated_at = ct_ts($9) WHERE id = $1 AND user_id = $2",
                      p)
                  .affected() > 0;
  }
  return changed;
}

bool PostgresStore::DeleteNote(const std::string& user_id, const std::string& id) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(id).Add(user_id);
  return conn->Query("DELETE FROM text_notes WHERE id = $1 AND user_id = $2", p).affected() > 0;
}

}  // namespace chronotrail
