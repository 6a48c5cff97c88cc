#include "http/rate_limiter.h"

#include <gtest/gtest.h>

#include "support/fixed_clock.h"

namespace chronotrail::http {
namespace {

using testing::FixedClock;

TEST(RateLimiter, AllowsTheBurstThenRefillsAtTheRate) {
  FixedClock clock("2026-11-26T12:00:00Z");
  RateLimiter limiter(60, 3, clock);  // one a second, three at once
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("ana").allowed);
  RateLimiter::Decision refused = limiter.Take("ana");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);

  clock.now += kMicrosPerSecond / 2;
  EXPECT_FALSE(limiter.Take("ana").allowed);  // half a token is not a token
  clock.now += kMicrosPerSecond / 2;
  EXPECT_TRUE(limiter.Take("ana").allowed);
  EXPECT_FALSE(limiter.Take("ana").allowed);

  clock.now += 60 * kMicrosPerSecond;  // a long pause refills only up to the burst
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("ana").allowed);
  EXPECT_FALSE(limiter.Take("ana").allowed);
}

TEST(RateLimiter, KeepsEachKeySeparate) {
  FixedClock clock("2026-11-26T12:00:00Z");
  RateLimiter limiter(1, 1, clock);
  EXPECT_TRUE(limiter.Take("ana").allowed);
  EXPECT_FALSE(limiter.Take("ana").allowed);
  EXPECT_TRUE(limiter.Take("bob").allowed);
  EXPECT_EQ(limiter.Take("ana").retry_after_seconds, 60);
}

TEST(RateLimiter, ZeroTurnsItOff) {
  FixedClock clock("2026-11-26T12:00:00Z");
  RateLimiter limiter(0, 1, clock);
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.Take("ana").allowed);
}

TEST(RateLimiter, ForgetsIdleKeysWithoutForgettingBusyOnes) {
  FixedClock clock("2026-11-26T12:00:00Z");
  RateLimiter limiter(60, 2, clock);
  limiter.Take("busy");
  limiter.Take("busy");
  for (int i = 0; i < 5000; ++i) limiter.Take("visitor-" + std::to_string(i));
  // The sweeps dropped full buckets only: "busy" is still empty.
  EXPECT_FALSE(limiter.Take("busy").allowed);
}

}  // namespace
}  // namespace chronotrail::http
