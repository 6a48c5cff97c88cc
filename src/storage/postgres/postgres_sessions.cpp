// PostgresStore: question sessions (query_sessions; migration 11), shared by every instance.
#include "storage/postgres/postgres_store.h"

namespace chronotrail {

namespace {
using pg::Params;
using pg::Result;
}  // namespace

std::optional<std::string> PostgresStore::FindQuerySession(const std::string& user_id,
                                                           const std::string& session_id,
                                                           Micros now) {
  // The primary, not a replica: the follow-up may come a moment after the question it follows.
  auto conn = primary_.Acquire();
  Params p;
  p.Add(user_id).Add(session_id).Add(now);
  Result r = conn->Query(
      "SELECT context FROM query_sessions"
      " WHERE user_id = $1 AND session_id = $2 AND expires_at >= $3",
      p);
  if (r.rows() == 0) return std::nullopt;
  return r.Text(0, 0);
}

void PostgresStore::SaveQuerySession(const std::string& user_id, const std::string& session_id,
                                     const std::string& context, Micros expires_at, Micros now) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(user_id).Add(session_id).Add(context).Add(expires_at).Add(now);
  // One statement, so one round trip and one commit.
  conn->Query(
      "WITH expired AS (DELETE FROM query_sessions WHERE expires_at < $5)"
      " INSERT INTO query_sessions (user_id, session_id, context, expires_at)"
      " SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM users WHERE id = $1)"
      " ON CONFLICT (user_id, session_id)"
      " DO UPDATE SET context = excluded.context, expires_at = excluded.expires_at",
      p);
}

}  // namespace chronotrail
