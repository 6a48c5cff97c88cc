// PostgresStore: media records, their processing queue, and bytes awaiting deletion.
//
// An upload is the one write that is not a single statement: the duplicate check and the storage
// quota read the user's other media, which no row lock covers. So it runs in a transaction that
// first locks the user's row; uploads of one user then take turns across every instance, while
// the daily counter is charged by the same conditional upsert as notes and visits, which also
// stays exact against them.
#include "storage/postgres/postgres_store.h"
#include "storage/postgres/rows.h"

namespace chronotrail {
namespace {

using pg::Params;
using pg::Result;

// SQL text must be string literals with static storage: prepared statements are keyed by address.
#define MEDIA_COLUMNS                                                                           \
  "id, user_id, media_type, content_type, original_filename, file_size, sha256, blob_key, "     \
  "ct_us(timestamp), timestamp_given, longitude, latitude, address, "                           \
  "array_to_json(names)::text, status, error_details, text_content, description, facts::text, " \
  "ct_us(created_at), ct_us(updated_at)"
// The range ($2 from, $3 to, either NULL for an open end) and type ($4, NULL for both) of a list.
#define MEDIA_MATCHES                                                   \
  "user_id = $1 AND timestamp >= coalesce(ct_ts($2), '-infinity') AND " \
  "timestamp <= coalesce(ct_ts($3), 'infinity') AND ($4::text IS NULL OR media_type = $4)"

Media ReadMedia(const Result& r, int row) {
  Media m;
  m.id = r.Text(row, 0);
  m.user_id = r.Text(row, 1);
  m.type = ParseMediaType(r.Text(row, 2)).value_or(MediaType::kPhoto);
  m.content_type = r.Text(row, 3);
  m.original_filename = r.OptText(row, 4);
  m.file_size = r.Int(row, 5);
  m.sha256 = r.Text(row, 6);
  m.blob_key = r.Text(row, 7);
  m.timestamp = r.Int(row, 8);
  m.timestamp_given = r.Bool(row, 9);
  m.place = pg::ReadPlace(r, row, 10);
  m.status = ParseProcessingStatus(r.Text(row, 14)).value_or(ProcessingStatus::kPending);
  m.error_details = r.OptText(row, 15);
  m.text = r.Text(row, 16);
  m.description = r.OptText(row, 17);
  m.facts_json = r.Text(row, 18);
  m.created_at = r.Int(row, 19);
  m.updated_at = r.Int(row, 20);
  return m;
}

std::optional<Media> MediaByHash(pg::Connection& conn, const std::string& user_id,
                                 const std::string& sha256) {
  Params p;
  p.Add(user_id).Add(sha256);
  Result r =
      conn.Query("SELECT " MEDIA_COLUMNS " FROM media WHERE user_id = $1 AND sha256 = $2", p);
  if (r.rows() == 0) return std::nullopt;
  return ReadMedia(r, 0);
}

std::int64_t SumSizes(pg::Connection& conn, const std::string& user_id) {
  Params p;
  p.Add(user_id);
  Result r =
      conn.Query("SELECT coalesce(sum(file_size), 0)::bigint FROM media WHERE user_id = $1", p);
  return r.Int(0, 0);
}

}  // namespace

MediaInsert PostgresStore::InsertMedia(const Media& m, const UsageCharge& charge,
                                       std::int64_t storage_limit) {
  Params insert = pg::ChargeParams(m.user_id, charge);
  insert.Add(m.id).Add(MediaTypeName(m.type)).Add(m.content_type).Add(m.original_filename);
  insert.Add(m.file_size).Add(m.sha256).Add(m.blob_key).Add(m.timestamp);
  insert.Add(m.timestamp_given ? "true" : "false");
  pg::AddPlace(insert, m.place);
  insert.Add(ProcessingStatusName(m.status)).Add(m.error_details).Add(m.text);
  insert.Add(m.description).Add(m.facts_json).Add(m.created_at).Add(m.updated_at);

  auto conn = primary_.Acquire();
  MediaInsert result;
  pg::InTransaction(*conn, [&](pg::Connection& c) {
    result = MediaInsert{};
    // Uploads of this user take turns from here to the commit. NO KEY UPDATE: the foreign key
    // checks of the user's notes and visits (KEY SHARE) need not wait for an upload.
    Params user;
    user.Add(m.user_id);
    c.Query("SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE", user);
    // Each statement below reads what was committed before it began, so everything an earlier
    // upload of this user wrote.
    if (auto existing = MediaByHash(c, m.user_id, m.sha256)) {
      result.outcome = MediaInsert::Outcome::kDuplicate;
      result.existing = std::move(existing);
      return;
    }
    result.storage_used = SumSizes(c, m.user_id);
    if (storage_limit >= 0 && result.storage_used + m.file_size > storage_limit) {
      result.outcome = MediaInsert::Outcome::kOverStorage;
      return;
    }
    if (pg::ChargeAllowsAny(charge)) {
      Result r = c.Query(
          CT_CHARGE_CTE
          ", created AS (INSERT INTO media (id, user_id, media_type, content_type, "
          "original_filename, file_size, sha256, blob_key, timestamp, timestamp_given, longitude, "
          "latitude, address, names, status, error_details, text_content, description, facts, "
          "created_at, updated_at) SELECT $5, $1, $6, $7, $8, $9, $10, $11, ct_ts($12), $13, $14, "
          "$15, $16, ct_names($17), $18, $19, $20, $21, $22, ct_ts($23), ct_ts($24) FROM charge), "
          "job AS (INSERT INTO media_jobs (media_id, user_id, run_after) "
          "SELECT $5, $1, ct_ts($23) FROM charge) "
          "SELECT used FROM charge",
          insert);
      if (r.rows() > 0) {
        result.used = r.Int(0, 0);
        result.storage_used += m.file_size;
        return;
      }
    }
    result.outcome = MediaInsert::Outcome::kOverDailyLimit;
    result.used = pg::CounterValue(c, m.user_id, charge);
  });
  return result;
}

std::optional<Media> PostgresStore::FindMedia(const std::string& user_id, const std::string& id) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(id).Add(user_id);
  Result r = conn->Query("SELECT " MEDIA_COLUMNS " FROM media WHERE id = $1 AND user_id = $2", p);
  if (r.rows() == 0) return std::nullopt;
  return ReadMedia(r, 0);
}

std::optional<Media> PostgresStore::FindMediaByHash(const std::string& user_id,
                                                    const std::string& sha256) {
  auto conn = primary_.Acquire();
  return MediaByHash(*conn, user_id, sha256);
}

PageOf<Media> PostgresStore::ListMedia(const std::string& user_id, std::optional<MediaType> type,
                                       const TimeRange& range, const PageRequest& page) {
  auto conn = ListPool().Acquire();
  Params p;
  p.Add(user_id).Add(range.from).Add(range.to);
  if (type) {
    p.Add(MediaTypeName(*type));
  } else {
    p.AddNull();
  }
  PageOf<Media> out;
  {
    Params list = p;
    list.Add(std::int64_t{page.page_size}).Add(std::int64_t{page.page - 1} * page.page_size);
    Result r =
        conn->Query("SELECT " MEDIA_COLUMNS ", count(*) OVER () FROM media WHERE " MEDIA_MATCHES
                    " ORDER BY timestamp DESC, id LIMIT $5 OFFSET $6",
                    list);
    for (int row = 0; row < r.rows(); ++row) {
      out.items.push_back(ReadMedia(r, row));
      out.total = r.Int(row, 21);
    }
  }
  if (out.items.empty() && page.page > 1) {  // no row past the end to carry the total
    Result r = conn->Query("SELECT count(*) FROM media WHERE " MEDIA_MATCHES, p);
    out.total = r.Int(0, 0);
  }
  return out;
}

std::int64_t PostgresStore::StorageUsed(const std::string& user_id) {
  auto conn = primary_.Acquire();
  return SumSizes(*conn, user_id);
}

bool PostgresStore::DeleteMedia(const std::string& user_id, const std::string& id) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(id).Add(user_id);
  // One statement: the record (its job cascading) goes and its key is queued, or neither.
  Result r = conn->Query(
      "WITH gone AS (DELETE FROM media WHERE id = $1 AND user_id = $2 "
      "RETURNING blob_key, updated_at), "
      "queued AS (INSERT INTO blob_deletions (blob_key, queued_at) "
      "SELECT blob_key, updated_at FROM gone ON CONFLICT (blob_key) DO NOTHING) "
      "SELECT count(*) FROM gone",
      p);
  return r.Int(0, 0) > 0;
}

std::optional<MediaJob> PostgresStore::ClaimMediaJob(Micros now, Micros lease_until) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(now).Add(lease_until);
  // SKIP LOCKED: an instance passes over the job another is claiming this very moment and takes
  // the next; one that arrives after that claim committed finds the job leased.
  Result r = conn->Query(
      "UPDATE media_jobs SET lease_until = ct_ts($2), attempts = attempts + 1 "
      "WHERE media_id = (SELECT media_id FROM media_jobs "
      "WHERE run_after <= ct_ts($1) AND lease_until <= ct_ts($1) "
      "ORDER BY run_after LIMIT 1 FOR UPDATE SKIP LOCKED) "
      "RETURNING media_id, user_id, attempts",
      p);
  if (r.rows() == 0) return std::nullopt;
  return MediaJob{r.Text(0, 0), r.Text(0, 1), static_cast<int>(r.Int(0, 2))};
}

bool PostgresStore::CompleteMediaJob(const Media& m) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(m.id).Add(m.user_id).Add(ProcessingStatusName(m.status)).Add(m.error_details);
  p.Add(m.text).Add(m.description).Add(m.facts_json).Add(m.timestamp);
  pg::AddPlace(p, m.place);
  p.Add(m.updated_at);
  // One statement, so one transaction: the results are stored and the job is gone, or neither.
  Result r = conn->Query(
      "WITH done AS (DELETE FROM media_jobs WHERE media_id = $1) "
      "UPDATE media SET status = $3, error_details = $4, text_content = $5, description = $6, "
      "facts = $7, timestamp = ct_ts($8), longitude = $9, latitude = $10, address = $11, "
      "names = ct_names($12), updated_at = ct_ts($13) WHERE id = $1 AND user_id = $2",
      p);
  return r.affected() > 0;
}

void PostgresStore::RetryMediaJob(const std::string& media_id, Micros run_after,
                                  const std::string& error) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(media_id).Add(run_after).Add(error);
  conn->Query(
      "UPDATE media_jobs SET run_after = ct_ts($2), lease_until = '-infinity', last_error = $3 "
      "WHERE media_id = $1",
      p);
}

void PostgresStore::PostponeMediaJob(const std::string& media_id, Micros run_after) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(media_id).Add(run_after);
  conn->Query(
      "UPDATE media_jobs SET run_after = ct_ts($2), lease_until = '-infinity', "
      "attempts = GREATEST(attempts - 1, 0) WHERE media_id = $1",
      p);
}

std::vector<std::string> PostgresStore::PendingBlobDeletions(int limit) {
  // The primary: the worker deletes what it reads here.
  auto conn = primary_.Acquire();
  Params p;
  p.Add(std::int64_t{limit});
  Result r = conn->Query("SELECT blob_key FROM blob_deletions ORDER BY queued_at LIMIT $1", p);
  std::vector<std::string> keys;
  for (int row = 0; row < r.rows(); ++row) keys.push_back(r.Text(row, 0));
  return keys;
}

void PostgresStore::ForgetBlobDeletion(const std::string& blob_key) {
  auto conn = primary_.Acquire();
  Params p;
  p.Add(blob_key);
  conn->Query("DELETE FROM blob_deletions WHERE blob_key = $1", p);
}

}  // namespace chronotrail
