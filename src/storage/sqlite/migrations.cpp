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
      {5, "search index: one document per record, full text (FTS5), sentence vectors", R"sql(
-- One row per searchable record. `body` is the record's searchable text, kept here so vectors
-- can be (re)computed from this table alone; `vector` is NULL until the record is embedded (and
-- again after an edit changes the text).
CREATE TABLE search_docs (
  doc        INTEGER PRIMARY KEY,
  record_id  TEXT NOT NULL UNIQUE,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('visit', 'note', 'photo', 'voice')),
  timestamp  INTEGER NOT NULL,
  longitude  REAL,
  latitude   REAL,
  body       TEXT NOT NULL,
  embedder   TEXT,
  vector     BLOB,
  rev        INTEGER NOT NULL DEFAULT 0  -- raised on every change: caches of a user's vectors
                                         -- compare max(rev) to know they are current
);
CREATE INDEX search_docs_user_time ON search_docs (user_id, timestamp);
CREATE INDEX search_docs_user_rev ON search_docs (user_id, rev);
CREATE INDEX search_docs_rev ON search_docs (rev);
CREATE INDEX search_docs_unembedded ON search_docs (doc) WHERE vector IS NULL;

-- The full-text index over search_docs.body (rowid = search_docs.doc). `owner` holds one token
-- naming the user, so every search is `owner:… AND (words)` and reads only that user's postings
-- for the owner term.
CREATE VIRTUAL TABLE search_text USING fts5(
  owner, body, tokenize = 'porter unicode61 remove_diacritics 2');

-- Triggers keep the index in the same transaction as the record, whatever writes it.
CREATE TRIGGER search_doc_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_text (rowid, owner, body)
  VALUES (new.doc, 'u' || replace(new.user_id, '-', ''), new.body);
END;
CREATE TRIGGER search_doc_ad AFTER DELETE ON search_docs BEGIN
  DELETE FROM search_text WHERE rowid = old.doc;
END;
CREATE TRIGGER search_doc_au AFTER UPDATE OF body ON search_docs BEGIN
  DELETE FROM search_text WHERE rowid = old.doc;
  INSERT INTO search_text (rowid, owner, body)
  VALUES (new.doc, 'u' || replace(new.user_id, '-', ''), new.body);
END;

-- Records → documents. The body joins every text field (names are a JSON array: the tokenizer
-- ignores its brackets and quotes).
CREATE TRIGGER note_search_ai AFTER INSERT ON text_notes BEGIN
  INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body, rev)
  VALUES (new.id, new.user_id, 'note', new.timestamp, new.longitude, new.latitude,
          trim(coalesce(new.text_content, '') || ' ' || coalesce(new.address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.names)), '')),
          (SELECT coalesce(max(rev), 0) + 1 FROM search_docs));
END;
CREATE TRIGGER note_search_au AFTER UPDATE ON text_notes BEGIN
  UPDATE search_docs SET rev = (SELECT coalesce(max(rev), 0) + 1 FROM search_docs),
    timestamp = new.timestamp, longitude = new.longitude,
    latitude = new.latitude, body = trim(coalesce(new.text_content, '') || ' ' || coalesce(new.address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.names)), '')),
    vector = CASE WHEN body IS trim(coalesce(new.text_content, '') || ' ' || coalesce(new.address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.names)), ''))
                  THEN vector END
  WHERE record_id = new.id;
END;
CREATE TRIGGER note_search_ad AFTER DELETE ON text_notes BEGIN
  DELETE FROM search_docs WHERE record_id = old.id;
END;

CREATE TRIGGER visit_search_ai AFTER INSERT ON location_visits BEGIN
  INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body, rev)
  VALUES (new.id, new.user_id, 'visit', new.visit_time, new.longitude, new.latitude,
          trim(coalesce((SELECT group_concat(value, ' ') FROM json_each(new.names)), '') || ' ' || coalesce(new.address, '') || ' ' || coalesce(new.description, '')),
          (SELECT coalesce(max(rev), 0) + 1 FROM search_docs));
END;
CREATE TRIGGER visit_search_au AFTER UPDATE ON location_visits BEGIN
  UPDATE search_docs SET rev = (SELECT coalesce(max(rev), 0) + 1 FROM search_docs),
    timestamp = new.visit_time, longitude = new.longitude,
    latitude = new.latitude, body = trim(coalesce((SELECT group_concat(value, ' ') FROM json_each(new.names)), '') || ' ' || coalesce(new.address, '') || ' ' || coalesce(new.description, '')),
    vector = CASE WHEN body IS trim(coalesce((SELECT group_concat(value, ' ') FROM json_each(new.names)), '') || ' ' || coalesce(new.address, '') || ' ' || coalesce(new.description, ''))
                  THEN vector END
  WHERE record_id = new.id;
END;
CREATE TRIGGER visit_search_ad AFTER DELETE ON location_visits BEGIN
  DELETE FROM search_docs WHERE record_id = old.id;
END;

CREATE TRIGGER media_search_ai AFTER INSERT ON media BEGIN
  INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body, rev)
  VALUES (new.id, new.user_id, new.media_type, new.timestamp, new.longitude, new.latitude,
          trim(coalesce(new.text_content, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.names)), '')),
          (SELECT coalesce(max(rev), 0) + 1 FROM search_docs));
END;
CREATE TRIGGER media_search_au AFTER UPDATE ON media BEGIN
  UPDATE search_docs SET rev = (SELECT coalesce(max(rev), 0) + 1 FROM search_docs),
    timestamp = new.timestamp, longitude = new.longitude,
    latitude = new.latitude,
    body = trim(coalesce(new.text_content, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.names)), '')),
    vector = CASE WHEN body IS trim(coalesce(new.text_content, '') || ' ' || coalesce(new.description, '') || ' ' || coalesce(new.address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(new.names)), '')) THEN vector END
  WHERE record_id = new.id;
END;
CREATE TRIGGER media_search_ad AFTER DELETE ON media BEGIN
  DELETE FROM search_docs WHERE record_id = old.id;
END;
-- Records written before this version.
INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body)
SELECT id, user_id, 'note', timestamp, longitude, latitude, trim(coalesce(text_content, '') || ' ' || coalesce(address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(names)), '')) FROM text_notes;
INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body)
SELECT id, user_id, 'visit', visit_time, longitude, latitude, trim(coalesce((SELECT group_concat(value, ' ') FROM json_each(names)), '') || ' ' || coalesce(address, '') || ' ' || coalesce(description, '')) FROM location_visits;
INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body)
SELECT id, user_id, media_type, timestamp, longitude, latitude, trim(coalesce(text_content, '') || ' ' || coalesce(description, '') || ' ' || coalesce(address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(names)), '')) FROM media;
)sql"},
      {6, "search_sources: what the search index should hold, for reindex and checks", R"sql(
-- One row per searchable record with the values migration 5's triggers write into search_docs.
-- `chronotrail reindex` compares the two and repairs search_docs; a test keeps them equal.
CREATE VIEW search_sources (record_id, user_id, kind, timestamp, longitude, latitude, body) AS
SELECT id, user_id, 'note', timestamp, longitude, latitude, trim(coalesce(text_content, '') || ' ' || coalesce(address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(names)), '')) FROM text_notes
UNION ALL
SELECT id, user_id, 'visit', visit_time, longitude, latitude, trim(coalesce((SELECT group_concat(value, ' ') FROM json_each(names)), '') || ' ' || coalesce(address, '') || ' ' || coalesce(description, '')) FROM location_visits
UNION ALL
SELECT id, user_id, media_type, timestamp, longitude, latitude, trim(coalesce(text_content, '') || ' ' || coalesce(description, '') || ' ' || coalesce(address, '') || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(names)), '')) FROM media;
)sql"},
      // Version 7 gives PostgreSQL's search index a pgvector column; SQLite keeps the numbering.
      {7, "pgvector embedding of each document (PostgreSQL only)", "SELECT 1;"},
      {8, "indexes of the documents still to embed", R"sql(
-- Finding the documents still to embed without reading every document: those without a vector
-- (per user, for a question), and the rare ones whose vector is of another embedder.
CREATE INDEX search_docs_user_unembedded ON search_docs (user_id, doc) WHERE vector IS NULL;
CREATE INDEX search_docs_embedder ON search_docs (embedder) WHERE vector IS NOT NULL;
)sql"},
      {9, "deletions from the search index, counted per user", R"sql(
-- A cache of a user's vectors is current while neither the newest rev of the user's documents
-- nor this count has changed: both are one index lookup, where counting the documents was not.
-- No foreign key: the rows deleted with a user are counted while the user goes, and the store
-- removes the user's count after.
CREATE TABLE search_deletions (
  user_id TEXT PRIMARY KEY,
  deleted INTEGER NOT NULL
);
CREATE TRIGGER search_docs_deleted AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_deletions (user_id, deleted) VALUES (old.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET deleted = deleted + 1;
END;
)sql"},
      {10, "the UTC month and day of each document in its full-text owner column", R"sql(
-- "u<user> m202403 d20240312": a question about a day or a month intersects those postings with
-- the words' instead of ranking every document of the user that has the words (at 100k notes,
-- "what did I read on …" ranked 12k documents to keep the day's few). The reindex command
-- writes the same expression. Before 1970 (no tokens), a question is narrowed by words alone.
DROP TRIGGER search_doc_ai;
DROP TRIGGER search_doc_au;
CREATE TRIGGER search_doc_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_text (rowid, owner, body)
  VALUES (new.doc, 'u' || replace(new.user_id, '-', '')
                   || coalesce(strftime(' m%Y%m d%Y%m%d', new.timestamp / 1000000, 'unixepoch'), ''),
          new.body);
END;
CREATE TRIGGER search_doc_au AFTER UPDATE OF body, timestamp, user_id ON search_docs BEGIN
  DELETE FROM search_text WHERE rowid = old.doc;
  INSERT INTO search_text (rowid, owner, body)
  VALUES (new.doc, 'u' || replace(new.user_id, '-', '')
                   || coalesce(strftime(' m%Y%m d%Y%m%d', new.timestamp / 1000000, 'unixepoch'), ''),
          new.body);
END;
DELETE FROM search_text;
INSERT INTO search_text (rowid, owner, body)
SELECT doc, 'u' || replace(user_id, '-', '')
            || coalesce(strftime(' m%Y%m d%Y%m%d', timestamp / 1000000, 'unixepoch'), ''), body
FROM search_docs;
INSERT INTO search_text (search_text) VALUES ('optimize');
)sql"},
      {11, "question sessions, kept for every instance to see", R"sql(
-- The context of a conversation's last question (services/query_sessions.h), for an hour. In
-- the database rather than in a process so that any instance may answer the follow-up.
CREATE TABLE query_sessions (
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_id TEXT NOT NULL,
  context    TEXT NOT NULL,     -- JSON
  expires_at INTEGER NOT NULL,  -- µs since the epoch
  PRIMARY KEY (user_id, session_id)
);
CREATE INDEX query_sessions_expiry ON query_sessions (expires_at);
)sql"},
  };
  return migrations;
}

}  // namespace chronotrail::sqlite
