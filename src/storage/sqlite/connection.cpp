#include "storage/sqlite/connection.h"

#include "core/error.h"
#include "core/log.h"
#include "storage/sqlite/term_counts.h"

namespace chronotrail::sqlite {

// ---- Cursor ----

Cursor::~Cursor() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Cursor& Cursor::Bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Cursor& Cursor::Bind(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}

Cursor& Cursor::Bind(int i, std::string_view v) {
  sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Cursor& Cursor::BindBlob(int i, std::string_view v) {
  sqlite3_bind_blob64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT);
  return *this;
}

std::string Cursor::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col))
           : std::string();
}

Cursor& Cursor::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Cursor::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  conn_.Fail(rc, sqlite3_sql(stmt_));
}

void Cursor::Run() {
  while (Step()) {
  }
}

int Cursor::Changes() const {
  return sqlite3_changes(sqlite3_db_handle(stmt_));
}

bool Cursor::IsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
std::int64_t Cursor::Int(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
double Cursor::Real(int col) const {
  return sqlite3_column_double(stmt_, col);
}

std::string Cursor::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col))
           : std::string();
}

std::optional<std::int64_t> Cursor::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}
std::optional<double> Cursor::OptReal(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Real(col);
}
std::optional<std::string> Cursor::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

// ---- Connection ----

Connection::Connection(const std::string& path) {
  int rc =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw ApiError(ErrorKind::kUnavailable, "cannot open database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Another process (the CLI) may hold the write lock briefly; wait rather than fail.
  sqlite3_busy_timeout(db_, 5000);
  // WAL lets readers run while one writer commits; synchronous=FULL makes every acknowledged
  // commit survive power loss as well as a killed process.
  Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  // Every connection may read the search index, whose ranking needs it.
  RegisterTermCounts(db_);
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void Connection::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) Fail(rc, sql);
}

Cursor Connection::Query(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) Fail(rc, sql);
    it = statements_.emplace(sql, stmt).first;
  }
  return Cursor(*this, it->second);
}

void Connection::Fail(int rc, std::string_view what) const {
  std::string detail = sqlite3_errmsg(db_);
  switch (rc & 0xff) {
    case SQLITE_FULL:
      Log(LogLevel::kError, "database_disk_full", {{"code", rc}, {"detail", detail}});
      throw ApiError(ErrorKind::kInsufficientStorage,
                     "The server's disk is full; nothing was written");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
      Log(LogLevel::kError, "database_unavailable", {{"code", rc}, {"detail", detail}});
      throw ApiError::Unavailable("database");
    default:
      Log(LogLevel::kError, "database_error",
          {{"code", rc}, {"detail", detail}, {"sql", std::string(what.substr(0, 200))}});
      throw ApiError(ErrorKind::kInternal, "database error: " + detail);
  }
}

// ---- Transaction ----

Transaction::Transaction(Connection& conn) : conn_(conn) {
  conn_.Exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(conn_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::Commit() {
  conn_.Exec("COMMIT");
  done_ = true;
}

// ---- Pool ----

Pool::Pool(const std::string& path, int size) {
  for (int i = 0; i < size; ++i) idle_.push_back(std::make_unique<Connection>(path));
}

Pool::Lease Pool::Acquire() {
  std::unique_lock lock(mu_);
  freed_.wait(lock, [&] { return !idle_.empty(); });
  std::unique_ptr<Connection> conn = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(conn));
}

void Pool::Return(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
  }
  freed_.notify_one();
}

}  // namespace chronotrail::sqlite
