// A bounded pool of PostgreSQL connections, shared by all request threads.
//
// At most `size` connections exist at once; a caller waits for a free one up to a deadline and
// then gets 503 (the database is saturated or down). Connections are opened lazily; a broken one
// is dropped when it comes back instead of being reused, and one that sat idle for a while is
// checked with a trivial query before it is lent (a database restart silently kills idle
// connections). So after the database restarts the pool heals without a restart of the server.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/postgres/connection.h"

namespace chronotrail::pg {

class Pool {
 public:
  Pool(std::string conninfo, int size, int statement_timeout_ms,
       std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5));

  // A connection on loan; returned to the pool (or dropped if broken) when destroyed.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Throws ApiError(kUnavailable) when no connection is free in time or none can be opened.
  Lease Acquire();

 private:
  void Release(std::unique_ptr<Connection> conn);

  const std::string conninfo_;
  const int size_;
  const int statement_timeout_ms_;
  const std::chrono::milliseconds acquire_timeout_;
  std::mutex mu_;
  std::condition_variable freed_;
  struct Idle {
    std::unique_ptr<Connection> conn;
    std::chrono::steady_clock::time_point since;
  };
  std::vector<Idle> idle_;  // most recently used last
  int open_ = 0;            // idle + on loan + being opened
};

}  // namespace chronotrail::pg
