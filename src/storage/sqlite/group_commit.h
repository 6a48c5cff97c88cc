// GroupCommit: many threads write through one SQLite connection, and writes that arrive while a
// commit is being flushed to disk share the next commit (one fsync for the whole group), as
// LevelDB's write queue does. Each write runs inside its own SAVEPOINT, so a write that throws is
// rolled back alone and its exception reaches only its caller.
//
// Write() returns once the transaction holding the write is durable. Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>

#include "storage/sqlite/connection.h"

namespace chronotrail::sqlite {

class GroupCommit {
 public:
  explicit GroupCommit(Connection& conn) : conn_(conn) {}

  // Runs `work` on the connection inside a transaction and waits for that transaction to commit.
  // Rethrows what `work` threw (its changes are undone), or the commit's failure.
  void Write(const std::function<void(Connection&)>& work);

  // Runs `work` with the connection to itself, outside any group (for schema migrations).
  void Exclusive(const std::function<void(Connection&)>& work);

 private:
  struct Writer {
    const std::function<void(Connection&)>* work;
    std::exception_ptr error;
    bool done = false;
    std::condition_variable cv;
  };

  // Runs a batch in one transaction; fills each writer's error.
  void RunBatch(const std::deque<Writer*>& batch);

  Connection& conn_;
  std::mutex mu_;              // guards queue_
  std::deque<Writer*> queue_;  // the front writer leads the next batch
  std::mutex exec_mu_;         // held while the connection is in use
};

}  // namespace chronotrail::sqlite
