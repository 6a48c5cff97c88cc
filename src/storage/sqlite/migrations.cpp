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
  };
  return migrations;
}

}  // namespace chronotrail::sqlite
