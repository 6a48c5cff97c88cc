#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace chronotrail::http {

RateLimiter::RateLimiter(int per_minute, int burst, const Clock& clock)
    : per_minute_(per_minute), burst_(std::max(1, burst)), clock_(clock) {}

RateLimiter::Decision RateLimiter::Take(const std::string& key) {
  if (per_minute_ <= 0) return {};
  const double per_micro = per_minute_ / (60.0 * kMicrosPerSecond);
  Micros now = clock_.Now();
  std::lock_guard lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + double(now - b.updated) * per_micro);
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    if (buckets_.size() >= next_sweep_) DropFullBuckets(now);
    return {};
  }
  double wait_micros = (1 - b.tokens) / per_micro;
  return {false, std::max(1L, static_cast<long>(std::ceil(wait_micros / kMicrosPerSecond)))};
}

void RateLimiter::DropFullBuckets(Micros now) {
  const double per_micro = per_minute_ / (60.0 * kMicrosPerSecond);
  std::erase_if(buckets_, [&](const auto& kv) {
    return kv.second.tokens + double(now - kv.second.updated) * per_micro >= burst_;
  });
  next_sweep_ = std::max<size_t>(1024, buckets_.size() * 2);
}

}  // namespace chronotrail::http
