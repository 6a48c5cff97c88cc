// CachedVerifier: remembers tokens that passed verification until they expire, so a client that
// sends the same token with every request pays for the signature check once, not per request.
// Only successes are cached; a token is keyed by its full text, so any change misses the cache.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "services/auth/token_verifier.h"

namespace chronotrail {

class CachedVerifier : public TokenVerifier {
 public:
  // `inner` must outlive this object. At most `capacity` tokens are remembered.
  CachedVerifier(const TokenVerifier& inner, size_t capacity = 10000)
      : inner_(inner), capacity_(capacity) {}

  Identity Verify(std::string_view token, Micros now) const override;

 private:
  const TokenVerifier& inner_;
  const size_t capacity_;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, Identity> verified_;
};

}  // namespace chronotrail
