// A PostgreSQL connection (libpq) with prepared statements, typed parameters and results.
//
// SQL is always sent with its values as separate parameters ($1, $2, ...): nothing is ever spliced
// into SQL text. Each statement is prepared once per connection, on first use, keyed by the
// address of its text, which must therefore be a string literal (static storage).
//
// Errors: a lost connection, a statement timeout, a server shutting down or out of resources throw
// ApiError(kUnavailable) and mark the connection broken, so the pool drops it; constraint and
// syntax errors are bugs and throw ApiError(kInternal) with the server's message (logged, not
// sent to clients).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chronotrail::pg {

// The values of one statement, in $-order, in PostgreSQL's text format.
class Params {
 public:
  Params& Add(std::string_view text);
  Params& Add(const std::string& text) { return Add(std::string_view(text)); }
  Params& Add(const char* text) { return Add(std::string_view(text)); }
  Params& Add(std::int64_t number);
  Params& Add(double number);  // shortest text that reads back to the same double
  Params& AddNull();
  template <class T>
  Params& Add(const std::optional<T>& value) {
    return value ? Add(*value) : AddNull();
  }

  int size() const { return static_cast<int>(values_.size()); }
  // The text of parameter `i` (0-based); empty for NULL.
  std::string At(int i) const { return values_[i].value_or(std::string()); }
  // Pointers for PQexecPrepared; valid until the next Add.
  std::vector<const char*> Pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

// The rows a statement returned; columns by position, in text format.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result, PQclear) {}

  int rows() const { return PQntuples(result_.get()); }
  // Rows an INSERT/UPDATE/DELETE touched.
  std::int64_t affected() const;

  bool IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string Text(int row, int col) const;
  std::optional<std::string> OptText(int row, int col) const;
  std::int64_t Int(int row, int col) const;
  std::optional<std::int64_t> OptInt(int row, int col) const;
  double Real(int row, int col) const;
  bool Bool(int row, int col) const;

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

class Connection {
 public:
  // Connects with `conninfo` (a URL or key=value string); statements time out after
  // `statement_timeout_ms`. Throws kUnavailable when the server cannot be reached.
  Connection(const std::string& conninfo, int statement_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs the prepared form of `sql` (a string literal) with `params`.
  Result Query(const char* sql, const Params& params = {});
  // Runs `sql` as is, without parameters (BEGIN, COMMIT, migrations: may hold several statements).
  void Exec(const std::string& sql);

  // False once a failure has shown the connection unusable.
  bool healthy() const;
  // The SQLSTATE of the last failed statement ("" when the last one succeeded).
  const std::string& last_sqlstate() const { return last_sqlstate_; }

 private:
  [[noreturn]] void Fail(const PGresult* result, std::string_view what);
  const std::string& Prepared(const char* sql);

  PGconn* conn_ = nullptr;
  bool broken_ = false;
  std::string last_sqlstate_;
  std::unordered_map<const char*, std::string> statements_;  // sql text address → name
};

// True for SQLSTATEs after which the same transaction may simply be tried again (serialization
// failure, deadlock: PostgreSQL resolves both by failing one side).
bool IsRetryable(const std::string& sqlstate);

// Runs `body(conn)` inside BEGIN/COMMIT and rolls back when it throws; a transaction that failed
// for a retryable reason is run again (a few times at most).
template <class Body>
void InTransaction(Connection& conn, Body&& body) {
  for (int attempt = 1;; ++attempt) {
    conn.Exec("BEGIN");
    try {
      body(conn);
      conn.Exec("COMMIT");
      return;
    } catch (...) {
      const bool retry = IsRetryable(conn.last_sqlstate()) && attempt < 5;
      if (conn.healthy()) {
        try {
          conn.Exec("ROLLBACK");
        } catch (...) {
        }
      }
      if (!retry) throw;
    }
  }
}

}  // namespace chronotrail::pg
