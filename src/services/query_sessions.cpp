#include "services/query_sessions.h"

namespace chronotrail {

std::optional<QueryContext> QuerySessions::Find(const std::string& user_id,
                                                const std::string& session_id, Micros now) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(user_id + "\n" + session_id);
  if (it == sessions_.end() || it->second.expires_at < now) {
    return std::nullopt;
  }
  return it->second.context;
}

void QuerySessions::Save(const std::string& user_id, const std::string& session_id,
                         QueryContext context, Micros now) {
  std::lock_guard lock(mu_);
  if (sessions_.size() >= kMaxSessions) DropExpired(now);
  // Still full of live sessions: forget them all rather than grow without bound.
  if (sessions_.size() >= kMaxSessions) sessions_.clear();
  Entry& e = sessions_[user_id + "\n" + session_id];
  e.context = std::move(context);
  e.expires_at = now + kLifetime;
}

void QuerySessions::DropExpired(Micros now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expires_at < now ? sessions_.erase(it) : std::next(it);
  }
}

}  // namespace chronotrail
