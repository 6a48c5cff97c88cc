// SqliteStore: question sessions (query_sessions; migration 11).
#include "storage/sqlite/sqlite_store.h"

namespace chronotrail {

namespace {
using sqlite::Cursor;
}  // namespace

std::optional<std::string> SqliteStore::FindQuerySession(const std::string& user_id,
                                                         const std::string& session_id,
                                                         Micros now) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query(
      "SELECT context FROM query_sessions"
      " WHERE user_id = ?1 AND session_id = ?2 AND expires_at >= ?3");
  q.Bind(1, user_id).Bind(2, session_id).Bind(3, now);
  if (!q.Step()) return std::nullopt;
  return q.Text(0);
}

void SqliteStore::SaveQuerySession(const std::string& user_id, const std::string& session_id,
                                   const std::string& context, Micros expires_at, Micros now) {
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor save = conn.Query(
        "INSERT INTO query_sessions (user_id, session_id, context, expires_at)"
        " SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM users WHERE id = ?1)"
        " ON CONFLICT (user_id, session_id)"
        " DO UPDATE SET context = excluded.context, expires_at = excluded.expires_at");
    save.Bind(1, user_id).Bind(2, session_id).Bind(3, context).Bind(4, expires_at).Run();
    Cursor expired = conn.Query("DELETE FROM query_sessions WHERE expires_at < ?1");
    expired.Bind(1, now).Run();
  });
}

}  // namespace chronotrail
