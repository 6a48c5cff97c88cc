#include "services/auth/cached_verifier.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace chronotrail {
namespace {

// Accepts tokens starting with "good", valid until t=100; counts how often it is asked.
class CountingVerifier : public TokenVerifier {
 public:
  Identity Verify(std::string_view token, Micros now) const override {
    ++calls;
    if (token.rfind("good", 0) != 0 || now >= 100) throw ApiError::Unauthenticated("bad");
    return Identity{"iss", std::string(token), {}, 100};
  }
  mutable int calls = 0;
};

TEST(CachedVerifier, ChecksEachGoodTokenOnceUntilItExpires) {
  CountingVerifier inner;
  CachedVerifier cached(inner);
  EXPECT_EQ(cached.Verify("good-1", 10).subject, "good-1");
  EXPECT_EQ(cached.Verify("good-1", 20).subject, "good-1");
  EXPECT_EQ(inner.calls, 1);
  EXPECT_THROW(cached.Verify("good-1", 100), ApiError);  // expired: asks again, and fails
  EXPECT_EQ(inner.calls, 2);
}

TEST(CachedVerifier, NeverCachesFailures) {
  CountingVerifier inner;
  CachedVerifier cached(inner);
  EXPECT_THROW(cached.Verify("bad", 10), ApiError);
  EXPECT_THROW(cached.Verify("bad", 10), ApiError);
  EXPECT_EQ(inner.calls, 2);
}

TEST(CachedVerifier, StaysWithinCapacity) {
  CountingVerifier inner;
  CachedVerifier cached(inner, 2);
  cached.Verify("good-1", 1);
  cached.Verify("good-2", 1);
  cached.Verify("good-3", 1);  // full: starts over
  cached.Verify("good-3", 1);
  EXPECT_EQ(inner.calls, 3);
}

}  // namespace
}  // namespace chronotrail
