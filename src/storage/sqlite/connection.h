// A thin RAII layer over the SQLite C API: one connection with its cache of prepared statements,
// a statement cursor that resets itself, and a pool of connections for concurrent readers.
//
// Errors from SQLite become ApiError: kUnavailable for conditions an operator can fix (busy,
// locked, I/O error, disk full, cannot open), kInternal for everything else (a bug).
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chronotrail::sqlite {

class Connection;

// A prepared statement in use: bind, step, read columns. Resets and clears bindings when it goes
// out of scope, so the cached statement is ready for the next user. Not copyable.
class Cursor {
 public:
  Cursor(Connection& conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  ~Cursor();
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  // Parameters are numbered from 1, as in SQLite.
  Cursor& Bind(int i, std::int64_t v);
  Cursor& Bind(int i, double v);
  Cursor& Bind(int i, std::string_view v);
  Cursor& BindNull(int i);
  Cursor& BindBlob(int i, std::string_view bytes);
  template <class T>
  Cursor& Bind(int i, const std::optional<T>& v) {
    return v ? Bind(i, *v) : BindNull(i);
  }

  // Advances to the next row; false when done. Throws on error.
  bool Step();
  // Runs a statement that returns no rows.
  void Run();
  // Rows changed by the last Run().
  int Changes() const;

  bool IsNull(int col) const;
  std::int64_t Int(int col) const;
  double Real(int col) const;
  std::string Text(int col) const;
  std::string Blob(int col) const;
  std::optional<std::int64_t> OptInt(int col) const;
  std::optional<double> OptReal(int col) const;
  std::optional<std::string> OptText(int col) const;

 private:
  Connection& conn_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens `path` (creating it) in WAL mode with foreign keys, a busy timeout and full sync.
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows.
  void Exec(const char* sql);
  // A cursor over the cached prepared statement for `sql`. `sql` must outlive the connection
  // (string literals): the cache is keyed by its address.
  Cursor Query(const char* sql);

  // Throws the ApiError matching SQLite result code `rc`, naming what was attempted.
  [[noreturn]] void Fail(int rc, std::string_view what) const;
  sqlite3* raw() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

// A transaction on one connection: BEGIN IMMEDIATE now, ROLLBACK unless Commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& conn);
  ~Transaction();
  void Commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

// A fixed set of connections handed out one at a time. Thread-safe.
class Pool {
 public:
  Pool(const std::string& path, int size);

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    ~Lease() { pool_.Return(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection* operator->() { return conn_.get(); }
    Connection& operator*() { return *conn_; }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Blocks until a connection is free.
  Lease Acquire();

 private:
  void Return(std::unique_ptr<Connection> conn);

  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace chronotrail::sqlite
