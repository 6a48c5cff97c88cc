#include "services/auth/cached_verifier.h"

namespace chronotrail {

Identity CachedVerifier::Verify(std::string_view token, Micros now) const {
  std::string key(token);
  {
    std::lock_guard lock(mu_);
    auto it = verified_.find(key);
    if (it != verified_.end()) {
      if (now < it->second.expires_at) return it->second;
      verified_.erase(it);
    }
  }
  Identity identity = inner_.Verify(token, now);  // throws for a bad token: nothing is cached
  std::lock_guard lock(mu_);
  // A full cache starts over rather than tracking recency: cheap, and bounded.
  if (verified_.size() >= capacity_) verified_.clear();
  verified_.emplace(std::move(key), identity);
  return identity;
}

}  // namespace chronotrail
