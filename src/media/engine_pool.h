// EnginePool: reuses engines that are slow to create and unsafe to share (a Tesseract API holding
// its trained data, a PocketSphinx decoder holding its acoustic model).
//
// Acquire() lends an idle engine, or creates one (outside the lock, so a slow creation does not
// hold up callers returning theirs); the lease gives it back when it goes out of scope. At most
// `max_idle` engines are kept between uses: a burst of callers costs memory only while it lasts.
// An engine whose use threw is given back too; engines must stay usable after a failed call.
// Thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace chronotrail::media {

template <typename Engine>
class EnginePool {
 public:
  using Factory = std::function<std::unique_ptr<Engine>()>;

  class Lease {
   public:
    Lease(EnginePool* pool, std::unique_ptr<Engine> engine)
        : pool_(pool), engine_(std::move(engine)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (engine_) pool_->GiveBack(std::move(engine_));
    }
    Engine& operator*() const { return *engine_; }
    Engine* operator->() const { return engine_.get(); }

   private:
    EnginePool* pool_;
    std::unique_ptr<Engine> engine_;
  };

  explicit EnginePool(Factory make, std::size_t max_idle = 4)
      : make_(std::move(make)), max_idle_(max_idle) {}

  Lease Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<Engine> engine = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(engine));
      }
    }
    return Lease(this, make_());
  }

 private:
  void GiveBack(std::unique_ptr<Engine> engine) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(engine));
  }

  Factory make_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Engine>> idle_;
};

}  // namespace chronotrail::media
