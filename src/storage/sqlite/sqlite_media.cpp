// SqliteStore: media records, their processing queue, and bytes awaiting deletion.
#include <limits>

#include "core/error.h"
#include "storage/sqlite/rows.h"
#include "storage/sqlite/sqlite_store.h"

namespace chronotrail {
namespace {

using sqlite::Cursor;

#define MEDIA_COLUMNS                                                                        \
  "id, user_id, media_type, content_type, original_filename, file_size, sha256, blob_key, "  \
  "timestamp, timestamp_given, longitude, latitude, address, names, status, error_details, " \
  "text_content, description, facts, created_at, updated_at"

Media ReadMedia(const Cursor& q) {
  Media m;
  m.id = q.Text(0);
  m.user_id = q.Text(1);
  m.type = ParseMediaType(q.Text(2)).value_or(MediaType::kPhoto);
  m.content_type = q.Text(3);
  m.original_filename = q.OptText(4);
  m.file_size = q.Int(5);
  m.sha256 = q.Text(6);
  m.blob_key = q.Text(7);
  m.timestamp = q.Int(8);
  m.timestamp_given = q.Int(9) != 0;
  m.place = sqlite::ReadPlace(q, 10);
  m.status = ParseProcessingStatus(q.Text(14)).value_or(ProcessingStatus::kPending);
  m.error_details = q.OptText(15);
  m.text = q.Text(16);
  m.description = q.OptText(17);
  m.facts_json = q.Text(18);
  m.created_at = q.Int(19);
  m.updated_at = q.Int(20);
  return m;
}

std::int64_t SumSizes(sqlite::Connection& conn, const std::string& user_id) {
  Cursor q = conn.Query("SELECT coalesce(sum(file_size), 0) FROM media WHERE user_id = ?1");
  q.Bind(1, user_id);
  return q.Step() ? q.Int(0) : 0;
}

std::optional<Media> MediaByHash(sqlite::Connection& conn, const std::string& user_id,
                                 const std::string& sha256) {
  Cursor q = conn.Query("SELECT " MEDIA_COLUMNS " FROM media WHERE user_id = ?1 AND sha256 = ?2");
  q.Bind(1, user_id).Bind(2, sha256);
  if (!q.Step()) return std::nullopt;
  return ReadMedia(q);
}

}  // namespace

MediaInsert SqliteStore::InsertMedia(const Media& m, const UsageCharge& charge,
                                     std::int64_t storage_limit) {
  MediaInsert result;
  commit_.Write([&](sqlite::Connection& conn) {
    // One writer at a time: the checks below and the insert see the same state.
    if (auto existing = MediaByHash(conn, m.user_id, m.sha256)) {
      result.outcome = MediaInsert::Outcome::kDuplicate;
      result.existing = std::move(existing);
      return;
    }
    result.storage_used = SumSizes(conn, m.user_id);
    if (storage_limit >= 0 && result.storage_used + m.file_size > storage_limit) {
      result.outcome = MediaInsert::Outcome::kOverStorage;
      return;
    }
    ChargeResult charged = sqlite::Charge(conn, m.user_id, charge);
    result.used = charged.used;
    if (!charged.accepted) {
      result.outcome = MediaInsert::Outcome::kOverDailyLimit;
      return;
    }
    {
      Cursor q = conn.Query(
          "INSERT INTO media (" MEDIA_COLUMNS
          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
          "?18, ?19, ?20, ?21)");
      q.Bind(1, m.id).Bind(2, m.user_id).Bind(3, std::string_view(MediaTypeName(m.type)));
      q.Bind(4, m.content_type).Bind(5, m.original_filename).Bind(6, m.file_size);
      q.Bind(7, m.sha256).Bind(8, m.blob_key).Bind(9, m.timestamp);
      q.Bind(10, std::int64_t{m.timestamp_given});
      sqlite::BindPlace(q, 11, m.place);
      q.Bind(15, std::string_view(ProcessingStatusName(m.status))).Bind(16, m.error_details);
      q.Bind(17, m.text).Bind(18, m.description).Bind(19, m.facts_json);
      q.Bind(20, m.created_at).Bind(21, m.updated_at).Run();
    }
    Cursor q =
        conn.Query("INSERT INTO media_jobs (media_id, user_id, run_after) VALUES (?1, ?2, ?3)");
    q.Bind(1, m.id).Bind(2, m.user_id).Bind(3, m.created_at).Run();
    result.storage_used += m.file_size;
  });
  return result;
}

std::optional<Media> SqliteStore::FindMedia(const std::string& user_id, const std::string& id) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query("SELECT " MEDIA_COLUMNS " FROM media WHERE id = ?1 AND user_id = ?2");
  q.Bind(1, id).Bind(2, user_id);
  if (!q.Step()) return std::nullopt;
  return ReadMedia(q);
}

std::optional<Media> SqliteStore::FindMediaByHash(const std::string& user_id,
                                                  const std::string& sha256) {
  auto conn = readers_.Acquire();
  return MediaByHash(*conn, user_id, sha256);
}

PageOf<Media> SqliteStore::ListMedia(const std::string& user_id, std::optional<MediaType> type,
                                     const TimeRange& range, const PageRequest& page) {
  auto conn = readers_.Acquire();
  std::optional<std::string_view> type_name;
  if (type) type_name = MediaTypeName(*type);
  const Micros from = range.from.value_or(std::numeric_limits<Micros>::min());
  const Micros to = range.to.value_or(std::numeric_limits<Micros>::max());
  PageOf<Media> out;
  Cursor q =
      conn->Query("SELECT " MEDIA_COLUMNS
                  ", (SELECT count(*) FROM media WHERE user_id = ?1 AND timestamp BETWEEN ?2 AND ?3"
                  "   AND (?6 IS NULL OR media_type = ?6))"
                  " FROM media WHERE user_id = ?1 AND timestamp BETWEEN ?2 AND ?3"
                  " AND (?6 IS NULL OR media_type = ?6)"
                  " ORDER BY timestamp DESC, id LIMIT ?4 OFFSET ?5");
  q.Bind(1, user_id).Bind(2, from).Bind(3, to).Bind(4, std::int64_t{page.page_size});
  q.Bind(5, std::int64_t{page.page - 1} * page.page_size).Bind(6, type_name);
  while (q.Step()) {
    out.items.push_back(ReadMedia(q));
    out.total = q.Int(21);
  }
  if (out.items.empty() && page.page > 1) {
    Cursor c = conn->Query(
        "SELECT count(*) FROM media WHERE user_id = ?1 AND timestamp BETWEEN ?2 AND ?3"
        " AND (?4 IS NULL OR media_type = ?4)");
    c.Bind(1, user_id).Bind(2, from).Bind(3, to).Bind(4, type_name);
    if (c.Step()) out.total = c.Int(0);
  }
  return out;
}

std::int64_t SqliteStore::StorageUsed(const std::string& user_id) {
  auto conn = readers_.Acquire();
  return SumSizes(*conn, user_id);
}

bool SqliteStore::DeleteMedia(const std::string& user_id, const std::string& id) {
  bool changed = false;
  commit_.Write([&](sqlite::Connection& conn) {
    {
      Cursor q = conn.Query(
          "INSERT OR IGNORE INTO blob_deletions (blob_key, queued_at) "
          "SELECT blob_key, updated_at FROM media WHERE id = ?1 AND user_id = ?2");
      q.Bind(1, id).Bind(2, user_id).Run();
    }
    Cursor q = conn.Query("DELETE FROM media WHERE id = ?1 AND user_id = ?2");
    q.Bind(1, id).Bind(2, user_id).Run();
    changed = q.Changes() > 0;
  });
  return changed;
}

std::optional<MediaJob> SqliteStore::ClaimMediaJob(Micros now, Micros lease_until) {
  std::optional<MediaJob> job;
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query(
        "UPDATE media_jobs SET lease_until = ?2, attempts = attempts + 1 WHERE media_id = ("
        " SELECT media_id FROM media_jobs WHERE run_after <= ?1 AND lease_until <= ?1"
        " ORDER BY run_after LIMIT 1) RETURNING media_id, user_id, attempts");
    q.Bind(1, now).Bind(2, lease_until);
    if (q.Step()) {
      job = MediaJob{q.Text(0), q.Text(1), static_cast<int>(q.Int(2))};
      q.Run();
    }
  });
  return job;
}

bool SqliteStore::CompleteMediaJob(const Media& m) {
  bool changed = false;
  commit_.Write([&](sqlite::Connection& conn) {
    {
      Cursor q = conn.Query(
          "UPDATE media SET status = ?3, error_details = ?4, text_content = ?5, description = ?6, "
          "facts = ?7, timestamp = ?8, longitude = ?9, latitude = ?10, address = ?11, "
          "names = ?12, updated_at = ?13 WHERE id = ?1 AND user_id = ?2");
      q.Bind(1, m.id).Bind(2, m.user_id).Bind(3, std::string_view(ProcessingStatusName(m.status)));
      q.Bind(4, m.error_details).Bind(5, m.text).Bind(6, m.description).Bind(7, m.facts_json);
      q.Bind(8, m.timestamp);
      sqlite::BindPlace(q, 9, m.place);
      q.Bind(13, m.updated_at).Run();
      changed = q.Changes() > 0;
    }
    Cursor q = conn.Query("DELETE FROM media_jobs WHERE media_id = ?1");
    q.Bind(1, m.id).Run();
  });
  return changed;
}

void SqliteStore::RetryMediaJob(const std::string& media_id, Micros run_after,
                                const std::string& error) {
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query(
        "UPDATE media_jobs SET run_after = ?2, lease_until = 0, last_error = ?3 "
        "WHERE media_id = ?1");
    q.Bind(1, media_id).Bind(2, run_after).Bind(3, error).Run();
  });
}

void SqliteStore::PostponeMediaJob(const std::string& media_id, Micros run_after) {
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query(
        "UPDATE media_jobs SET run_after = ?2, lease_until = 0, attempts = MAX(attempts - 1, 0) "
        "WHERE media_id = ?1");
    q.Bind(1, media_id).Bind(2, run_after).Run();
  });
}

std::vector<std::string> SqliteStore::PendingBlobDeletions(int limit) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query("SELECT blob_key FROM blob_deletions ORDER BY queued_at LIMIT ?1");
  q.Bind(1, std::int64_t{limit});
  std::vector<std::string> keys;
  while (q.Step()) keys.push_back(q.Text(0));
  return keys;
}

void SqliteStore::ForgetBlobDeletion(const std::string& blob_key) {
  commit_.Write([&](sqlite::Connection& conn) {
    Cursor q = conn.Query("DELETE FROM blob_deletions WHERE blob_key = ?1");
    q.Bind(1, blob_key).Run();
  });
}

}  // namespace chronotrail
