// RateLimiter: token buckets keyed by a string (a user id, a client address). Each key may make
// `burst` requests at once and regains `per_minute` requests a minute. Buckets that have refilled
// completely carry no information and are dropped now and then, so memory follows the number of
// recently active keys. Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.h"

namespace chronotrail::http {

class RateLimiter {
 public:
  // per_minute == 0 turns the limiter off (every Take succeeds).
  RateLimiter(int per_minute, int burst, const Clock& clock);

  struct Decision {
    bool allowed = true;
    long retry_after_seconds = 0;  // when refused: until one token is back
  };

  // Takes one token from `key`'s bucket.
  Decision Take(const std::string& key);

  bool enabled() const { return per_minute_ > 0; }

 private:
  struct Bucket {
    double tokens;
    Micros updated;
  };

  void DropFullBuckets(Micros now);

  const int per_minute_;
  const double burst_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  size_t next_sweep_ = 1024;
};

}  // namespace chronotrail::http
