#include "storage/sqlite/group_commit.h"

namespace chronotrail::sqlite {
namespace {

// Upper bound on writes per transaction, so one commit never holds back its first writer long.
constexpr size_t kMaxBatch = 256;

}  // namespace

void GroupCommit::Write(const std::function<void(Connection&)>& work) {
  Writer self{&work};
  std::unique_lock lock(mu_);
  queue_.push_back(&self);
  while (!self.done && queue_.front() != &self) self.cv.wait(lock);
  if (!self.done) {
    // Leader: take everyone waiting now (up to the bound) and commit them together.
    size_t n = std::min(queue_.size(), kMaxBatch);
    std::deque<Writer*> batch(queue_.begin(), queue_.begin() + n);
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    for (size_t i = 0; i < n; ++i) {
      Writer* w = queue_.front();
      queue_.pop_front();
      w->done = true;
      if (w != &self) w->cv.notify_one();
    }
    if (!queue_.empty()) queue_.front()->cv.notify_one();  // the next leader
  }
  if (self.error) std::rethrow_exception(self.error);
}

void GroupCommit::RunBatch(const std::deque<Writer*>& batch) {
  std::lock_guard exec(exec_mu_);
  try {
    Transaction tx(conn_);
    for (Writer* w : batch) {
      conn_.Query("SAVEPOINT one_write").Run();
      try {
        (*w->work)(conn_);
        conn_.Query("RELEASE one_write").Run();
      } catch (...) {
        w->error = std::current_exception();
        conn_.Query("ROLLBACK TO one_write").Run();
        conn_.Query("RELEASE one_write").Run();
      }
    }
    tx.Commit();
  } catch (...) {
    // BEGIN or COMMIT failed (disk full, I/O error): nothing of the batch was written.
    std::exception_ptr failure = std::current_exception();
    for (Writer* w : batch) {
      if (!w->error) w->error = failure;
    }
  }
}

void GroupCommit::Exclusive(const std::function<void(Connection&)>& work) {
  std::lock_guard exec(exec_mu_);
  work(conn_);
}

}  // namespace chronotrail::sqlite
