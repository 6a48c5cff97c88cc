#include "storage/sqlite/migrations.h"

namespace chronotrail::sqlite {

const std::vector<Migration>& Migrations() {
  // Times are UTC microseconds since the epoch (INTEGER); names are JSON arrays of strings.
  static const std::vector<Migration> migrations = {
      {1, "users, location visits, text notes", R"sql(
CREATE TABLE users (
  id                      TEXT PRIMARY KEY,
  email                   TEXT NOT NULL,
  display_name            TEXT,
  subscription_tier       TEXT NOT NULL DEFAULT 'free'
                          CHECK (subscription_tier IN ('free', 'premium', 'pro')),
  subscription_expires_at INTEGER,
  timezone                TEXT,
  auth_issuer             TEXT NOT NULL,
  auth_subject            TEXT NOT NULL,
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL,
  UNIQUE (auth_issuer, auth_subject)
);
CREATE INDEX users_email ON users (email);

CREATE TABLE location_visits (
  id               TEXT PRIMARY KEY,
  user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  longitude        REAL CHECK (longitude BETWEEN -180 AND 180),
  latitude         REAL CHECK (latitude BETWEEN -90 AND 90),
  address          TEXT,
  names            TEXT NOT NULL DEFAULT '[]',
  visit_time       INTEGER NOT NULL,
  duration_minutes INTEGER CHECK (duration_minutes >= 0),
  description      TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  CHECK ((longitude IS NULL) = (latitude IS NULL))
);
CREATE INDEX location_visits_user_time ON location_visits (user_id, visit_time DESC, id);

CREATE TABLE text_notes (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  text_content TEXT NOT NULL,
  timestamp    INTEGER NOT NULL,
  longitude    REAL CHECK (longitude BETWEEN -180 AND 180),
  latitude     REAL CHECK (latitude BETWEEN -90 AND 90),
  address      TEXT,
  names        TEXT NOT NULL DEFAULT '[]',
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  CHECK ((longitude IS NULL) = (latitude IS NULL))
);
CREATE INDEX text_notes_user_time ON text_notes (user_id, timestamp DESC, id);
)sql"},
      {2, "daily usage counters", R"sql(
CREATE TABLE daily_usage (
  user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day           TEXT NOT NULL,  -- the user's local calendar day, YYYY-MM-DD
  content_count INTEGER NOT NULL DEFAULT 0,
  query_count   INTEGER NOT NULL DEFAULT 0,
  visit_count   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, day)
) WITHOUT ROWID;
CREATE INDEX users_tier ON users (subscription_tier, subscription_expires_at);
)sql"},
      // Version 3 enables pgvector on PostgreSQL; SQLite keeps the same numbering.
      {3, "vector extension where available (PostgreSQL only)", "SELECT 1;"},
      {4, "media records, their processing queue, bytes awaiting deletion", R"sql(
CREATE TABLE media (
  id                TEXT PRIMARY KEY,
  user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  media_type        TEXT NOT NULL CHECK (media_type IN ('photo', 'voice')),
  content_type      TEXT NOT NULL,
  original_filename TEXT,
  file_size         INTEGER NOT NULL CHECK (file_size >= 0),
  sha256            TEXT NOT NULL,
  blob_key          TEXT NOT NULL,
  timestamp         INTEGER NOT NULL,
  timestamp_given   INTEGER NOT NULL,
  longitude         REAL CHECK (longitude BETWEEN -180 AND 180),
  latitude          REAL CHECK (latitude BETWEEN -90 AND 90),
  address           TEXT,
  names             TEXT NOT NULL DEFAULT '[]',
  status            TEXT NOT NULL
                    CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
  error_details     TEXT,
  text_content      TEXT NOT NULL DEFAULT '',
  description       TEXT,
  facts             TEXT NOT NULL DEFAULT '{}',
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  UNIQUE (user_id, sha256),
  CHECK ((longitude IS NULL) = (latitude IS NULL))
);
CREATE INDEX media_user_time ON media (user_id, timestamp DESC, id);

-- One row per media awaiting processing; a worker leases it while it works.
CREATE TABLE media_jobs (
  media_id    TEXT PRIMARY KEY REFERENCES media (id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  run_after   INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT
);
CREATE INDEX media_jobs_due ON media_jobs (run_after);

-- Keys of bytes whose record is gone; the worker deletes the bytes and then the row.
CREATE TABLE blob_deletions (
  blob_key   TEXT PRIMARY KEY,
  queued_at  INTEGER NOT NULL
) WITHOUT ROWID;
)sql"},
  };
  return migrations;
}

}  // namespace chronotrail::sqlite
