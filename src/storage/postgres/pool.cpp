#include "storage/postgres/pool.h"

#include "core/error.h"

namespace chronotrail::pg {

// A connection used this recently is lent without a check.
constexpr auto kTrustIdleFor = std::chrono::seconds(2);

Pool::Pool(std::string conninfo, int size, int statement_timeout_ms,
           std::chrono::milliseconds acquire_timeout)
    : conninfo_(std::move(conninfo)),
      size_(size),
      statement_timeout_ms_(statement_timeout_ms),
      acquire_timeout_(acquire_timeout) {}

Pool::Lease::~Lease() {
  if (pool_ && conn_) pool_->Release(std::move(conn_));
}

Pool::Lease Pool::Acquire() {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + acquire_timeout_;
  while (idle_.empty() && open_ >= size_) {
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= size_) {
      throw ApiError(ErrorKind::kUnavailable, "database: no free connection in time");
    }
  }
  while (!idle_.empty()) {
    Idle idle = std::move(idle_.back());
    idle_.pop_back();
    if (std::chrono::steady_clock::now() - idle.since < kTrustIdleFor) {
      return Lease(this, std::move(idle.conn));
    }
    lock.unlock();
    bool alive = true;
    try {
      idle.conn->Exec("SELECT 1");
    } catch (const ApiError&) {
      alive = false;
    }
    lock.lock();
    if (alive) return Lease(this, std::move(idle.conn));
    --open_;  // dead: drop it and look further
  }
  if (open_ >= size_) {  // another thread took the slot while we were checking
    lock.unlock();
    return Acquire();
  }
  // Open outside the lock: connecting takes a round trip or a timeout.
  ++open_;
  lock.unlock();
  try {
    return Lease(this, std::make_unique<Connection>(conninfo_, statement_timeout_ms_));
  } catch (...) {
    lock.lock();
    --open_;
    freed_.notify_one();
    throw;
  }
}

void Pool::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (conn->healthy()) {
    idle_.push_back({std::move(conn), std::chrono::steady_clock::now()});
  } else {
    --open_;  // dropped; the next Acquire opens a fresh one
  }
  freed_.notify_one();
}

}  // namespace chronotrail::pg
