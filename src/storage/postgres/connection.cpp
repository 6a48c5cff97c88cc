#include "storage/postgres/connection.h"

#include <charconv>
#include <cstdlib>

#include "core/error.h"

namespace chronotrail::pg {

// ---- Params ----

Params& Params::Add(std::string_view text) {
  values_.emplace_back(std::string(text));
  return *this;
}

Params& Params::Add(std::int64_t number) {
  values_.emplace_back(std::to_string(number));
  return *this;
}

Params& Params::Add(double number) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  values_.emplace_back(std::string(buffer, ec == std::errc() ? end : buffer));
  return *this;
}

Params& Params::AddNull() {
  values_.emplace_back(std::nullopt);
  return *this;
}

std::vector<const char*> Params::Pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

// ---- Result ----

std::int64_t Result::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

std::string Result::Text(int row, int col) const {
  return std::string(PQgetvalue(result_.get(), row, col),
                     static_cast<size_t>(PQgetlength(result_.get(), row, col)));
}

std::optional<std::string> Result::OptText(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}

std::int64_t Result::Int(int row, int col) const {
  const char* text = PQgetvalue(result_.get(), row, col);
  std::int64_t out = 0;
  std::from_chars(text, text + PQgetlength(result_.get(), row, col), out);
  return out;
}

std::optional<std::int64_t> Result::OptInt(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

double Result::Real(int row, int col) const {
  const char* text = PQgetvalue(result_.get(), row, col);
  double out = 0;
  std::from_chars(text, text + PQgetlength(result_.get(), row, col), out);
  return out;
}

bool Result::Bool(int row, int col) const {
  return PQgetvalue(result_.get(), row, col)[0] == 't';
}

// ---- Connection ----

namespace {

// SQLSTATE classes that mean "the database is not available right now", not "the query is wrong":
// 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown, query
// cancelled by statement_timeout), 58 system error; and 40 transaction rollback (retried).
bool IsUnavailable(const std::string& sqlstate) {
  std::string_view cls = std::string_view(sqlstate).substr(0, 2);
  return sqlstate.empty() || cls == "08" || cls == "53" || cls == "57" || cls == "58" ||
         cls == "40";
}

}  // namespace

bool IsRetryable(const std::string& sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";
}

Connection::Connection(const std::string& conninfo, int statement_timeout_ms) {
  // libpq takes settings for the session in `options`; the rest of conninfo is passed through
  // (sslmode, sslrootcert, ...). expand_dbname lets `dbname` be a full URL or key=value string.
  const std::string options = "-c statement_timeout=" + std::to_string(statement_timeout_ms);
  const char* keys[] = {"dbname", "options", "connect_timeout", "application_name", nullptr};
  const char* values[] = {conninfo.c_str(), options.c_str(), "5", "chronotrail", nullptr};
  conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    // The message names host and port but never the password.
    throw ApiError(ErrorKind::kUnavailable, "database unreachable: " + why);
  }

  // NOTICEs ("relation already exists, skipping") are for people at a psql prompt; libpq would
  // print them on stderr.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

bool Connection::healthy() const {
  return conn_ && !broken_ && PQstatus(conn_) == CONNECTION_OK;
}

void Connection::Fail(const PGresult* result, std::string_view what) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state ? state : "";
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (PQstatus(conn_) != CONNECTION_OK) broken_ = true;
  if (last_sqlstate_ == "53100") {  // disk_full: the server answers, but cannot write
    throw ApiError(ErrorKind::kInsufficientStorage, "The database server's disk is full");
  }
  if (IsUnavailable(last_sqlstate_)) {
    if (last_sqlstate_.empty() || last_sqlstate_.rfind("08", 0) == 0) broken_ = true;
    throw ApiError(ErrorKind::kUnavailable, "database: " + message);
  }
  throw ApiError(ErrorKind::kInternal, std::string(what) + ": " + message);
}

const std::string& Connection::Prepared(const char* sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  std::string name = "ct" + std::to_string(statements_.size());
  PGresult* raw = PQprepare(conn_, name.c_str(), sql, 0, nullptr);
  Result owned(raw);
  if (PQresultStatus(raw) != PGRES_COMMAND_OK) Fail(raw, "prepare");
  return statements_.emplace(sql, std::move(name)).first->second;
}

Result Connection::Query(const char* sql, const Params& params) {
  const std::string& name = Prepared(sql);
  std::vector<const char*> values = params.Pointers();
  PGresult* raw = PQexecPrepared(conn_, name.c_str(), params.size(), values.data(), nullptr,
                                 nullptr, /*resultFormat=*/0);
  Result result(raw);
  ExecStatusType status = PQresultStatus(raw);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) Fail(raw, "query");
  last_sqlstate_.clear();
  return result;
}

void Connection::Exec(const std::string& sql) {
  PGresult* raw = PQexec(conn_, sql.c_str());
  Result result(raw);
  ExecStatusType status = PQresultStatus(raw);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) Fail(raw, "statement");
  last_sqlstate_.clear();
}

}  // namespace chronotrail::pg
