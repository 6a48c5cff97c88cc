#include "storage/postgres/migrations.h"

namespace chronotrail::pg {

const std::vector<Migration>& Migrations() {
  // ct_ts/ct_us convert between the model's UTC microseconds and timestamptz exactly (extract
  // returns numeric); being plain SQL functions, the planner inlines them, so range conditions
  // on timestamptz columns still use the indexes.
  static const std::vector<Migration> migrations = {
      {1, "users, location visits, text notes", R"sql(
CREATE FUNCTION ct_ts(bigint) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT timestamptz 'epoch' + $1 * interval '1 microsecond' $$;
CREATE FUNCTION ct_us(timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (extract(epoch FROM $1) * 1000000)::bigint $$;
-- Names travel as JSON text (storage/names_json.h) and are kept as text[] in their order.
CREATE FUNCTION ct_names(text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(e ORDER BY i), '{}')
        FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS t(e, i) $$;

CREATE TABLE users (
  id                      text PRIMARY KEY,
  email                   text NOT NULL,
  display_name            text,
  subscription_tier       text NOT NULL DEFAULT 'free'
                          CHECK (subscription_tier IN ('free', 'premium', 'pro')),
  subscription_expires_at timestamptz,
  timezone                text,
  auth_issuer             text NOT NULL,
  auth_subject            text NOT NULL,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  UNIQUE (auth_issuer, auth_subject)
);
CREATE INDEX users_email ON users (email);

CREATE TABLE location_visits (
  id               text PRIMARY KEY,
  user_id          text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  longitude        double precision CHECK (longitude BETWEEN -180 AND 180),
  latitude         double precision CHECK (latitude BETWEEN -90 AND 90),
  address          text,
  names            text[] NOT NULL DEFAULT '{}',
  visit_time       timestamptz NOT NULL,
  duration_minutes bigint CHECK (duration_minutes >= 0),
  description      text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CHECK ((longitude IS NULL) = (latitude IS NULL))
);
CREATE INDEX location_visits_user_time ON location_visits (user_id, visit_time DESC, id);

CREATE TABLE text_notes (
  id           text PRIMARY KEY,
  user_id      text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  text_content text NOT NULL,
  timestamp    timestamptz NOT NULL,
  longitude    double precision CHECK (longitude BETWEEN -180 AND 180),
  latitude     double precision CHECK (latitude BETWEEN -90 AND 90),
  address      text,
  names        text[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  CHECK ((longitude IS NULL) = (latitude IS NULL))
);
CREATE INDEX text_notes_user_time ON text_notes (user_id, timestamp DESC, id);
)sql"},
      {2, "daily usage counters", R"sql(
CREATE TABLE daily_usage (
  user_id       text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day           date NOT NULL,  -- the user's local calendar day
  content_count bigint NOT NULL DEFAULT 0,
  query_count   bigint NOT NULL DEFAULT 0,
  visit_count   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, day)
);
CREATE INDEX users_tier ON users (subscription_tier, subscription_expires_at);
)sql"},
      // pgvector where the server offers it (RDS does; Debian's PostgreSQL 15 does not): semantic
      // search uses it when present and falls back to lexical search when not.
      {3, "vector extension where available", R"sql(
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
  END IF;
END
$$;
)sql"},
      // facts is json, not jsonb: it keeps the text exactly as written (the same bytes SQLite
      // returns) and accepts every escape the encoder may produce (jsonb refuses \u0000).
      {4, "media records, their processing queue, bytes awaiting deletion", R"sql(
CREATE TABLE media (
  id                text PRIMARY KEY,
  user_id           text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  media_type        text NOT NULL CHECK (media_type IN ('photo', 'voice')),
  content_type      text NOT NULL,
  original_filename text,
  file_size         bigint NOT NULL CHECK (file_size >= 0),
  sha256            text NOT NULL,
  blob_key          text NOT NULL,
  timestamp         timestamptz NOT NULL,
  timestamp_given   boolean NOT NULL,
  longitude         double precision CHECK (longitude BETWEEN -180 AND 180),
  latitude          double precision CHECK (latitude BETWEEN -90 AND 90),
  address           text,
  names             text[] NOT NULL DEFAULT '{}',
  status            text NOT NULL
                    CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
  error_details     text,
  text_content      text NOT NULL DEFAULT '',
  description       text,
  facts             json NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  UNIQUE (user_id, sha256),
  CHECK ((longitude IS NULL) = (latitude IS NULL))
);
CREATE INDEX media_user_time ON media (user_id, timestamp DESC, id);

-- One row per media awaiting processing; a worker leases it while it works.
CREATE TABLE media_jobs (
  media_id    text PRIMARY KEY REFERENCES media (id) ON DELETE CASCADE,
  user_id     text NOT NULL,
  attempts    integer NOT NULL DEFAULT 0,
  run_after   timestamptz NOT NULL,
  lease_until timestamptz NOT NULL DEFAULT '-infinity',
  last_error  text
);
CREATE INDEX media_jobs_due ON media_jobs (run_after);

-- Keys of bytes whose record is gone; the worker deletes the bytes and then the row.
CREATE TABLE blob_deletions (
  blob_key  text PRIMARY KEY,
  queued_at timestamptz NOT NULL
);
CREATE INDEX blob_deletions_queued ON blob_deletions (queued_at);
)sql"},
      // The search index, kept by triggers in the record's own transaction (as on SQLite):
      // full text as a generated tsvector, sentence vectors as int8 codes (bytea) that the
      // server scans per user.
      {5, "search index: one document per record, full text, sentence vectors", R"sql(
CREATE SEQUENCE search_rev;
CREATE TABLE search_docs (
  doc        bigserial PRIMARY KEY,
  record_id  text NOT NULL UNIQUE,
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('visit', 'note', 'photo', 'voice')),
  timestamp  timestamptz NOT NULL,
  longitude  double precision,
  latitude   double precision,
  body       text NOT NULL,
  tsv        tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
  embedder   text,
  vector     bytea,
  rev        bigint NOT NULL
);
CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv);
CREATE INDEX search_docs_user_time ON search_docs (user_id, timestamp);
CREATE INDEX search_docs_user_rev ON search_docs (user_id, rev);
CREATE INDEX search_docs_unembedded ON search_docs (doc) WHERE vector IS NULL;

CREATE FUNCTION ct_note_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_docs WHERE record_id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body, rev)
  VALUES (NEW.id, NEW.user_id, 'note', NEW.timestamp, NEW.longitude, NEW.latitude,
          concat_ws(' ', NEW.text_content, NEW.address,
          NULLIF(array_to_string(NEW.names, ' '), '')), nextval('search_rev'))
  ON CONFLICT (record_id) DO UPDATE SET timestamp = EXCLUDED.timestamp,
    longitude = EXCLUDED.longitude, latitude = EXCLUDED.latitude, body = EXCLUDED.body,
    vector = CASE WHEN search_docs.body = EXCLUDED.body THEN search_docs.vector END,
    rev = EXCLUDED.rev;
  RETURN NEW;
END
$$;
CREATE TRIGGER note_search AFTER INSERT OR UPDATE OR DELETE ON text_notes
  FOR EACH ROW EXECUTE FUNCTION ct_note_search();

CREATE FUNCTION ct_visit_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_docs WHERE record_id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body, rev)
  VALUES (NEW.id, NEW.user_id, 'visit', NEW.visit_time, NEW.longitude, NEW.latitude,
          concat_ws(' ', NULLIF(array_to_string(NEW.names, ' '), ''),
          NEW.address, NEW.description), nextval('search_rev'))
  ON CONFLICT (record_id) DO UPDATE SET timestamp = EXCLUDED.timestamp,
    longitude = EXCLUDED.longitude, latitude = EXCLUDED.latitude, body = EXCLUDED.body,
    vector = CASE WHEN search_docs.body = EXCLUDED.body THEN search_docs.vector END,
    rev = EXCLUDED.rev;
  RETURN NEW;
END
$$;
CREATE TRIGGER visit_search AFTER INSERT OR UPDATE OR DELETE ON location_visits
  FOR EACH ROW EXECUTE FUNCTION ct_visit_search();

CREATE FUNCTION ct_media_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_docs WHERE record_id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body, rev)
  VALUES (NEW.id, NEW.user_id, NEW.media_type, NEW.timestamp, NEW.longitude, NEW.latitude,
          concat_ws(' ', NEW.text_content,
          NEW.description, NEW.address, NULLIF(array_to_string(NEW.names, ' '), '')), nextval('search_rev'))
  ON CONFLICT (record_id) DO UPDATE SET timestamp = EXCLUDED.timestamp,
    longitude = EXCLUDED.longitude, latitude = EXCLUDED.latitude, body = EXCLUDED.body,
    vector = CASE WHEN search_docs.body = EXCLUDED.body THEN search_docs.vector END,
    rev = EXCLUDED.rev;
  RETURN NEW;
END
$$;
CREATE TRIGGER media_search AFTER INSERT OR UPDATE OR DELETE ON media
  FOR EACH ROW EXECUTE FUNCTION ct_media_search();

-- Records written before this version.
INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body, rev)
SELECT id, user_id, 'note', timestamp, longitude, latitude,
       concat_ws(' ', text_content, address, NULLIF(array_to_string(names, ' '), '')), nextval('search_rev')
FROM text_notes;
INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body, rev)
SELECT id, user_id, 'visit', visit_time, longitude, latitude,
       concat_ws(' ', NULLIF(array_to_string(names, ' '), ''), address, description), nextval('search_rev')
FROM location_visits;
INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body, rev)
SELECT id, user_id, media_type, timestamp, longitude, latitude,
       concat_ws(' ', text_content, description, address, NULLIF(array_to_string(names, ' '), '')),
       nextval('search_rev')
FROM media;
)sql"},
      {6, "search_sources: what the search index should hold, for reindex and checks", R"sql(
-- One row per searchable record with the values migration 5's triggers write into search_docs.
-- `chronotrail reindex` compares the two and repairs search_docs; a test keeps them equal.
CREATE VIEW search_sources (record_id, user_id, kind, timestamp, longitude, latitude, body) AS
SELECT id, user_id, 'note', timestamp, longitude, latitude,
       concat_ws(' ', text_content, address, NULLIF(array_to_string(names, ' '), ''))
FROM text_notes
UNION ALL
SELECT id, user_id, 'visit', visit_time, longitude, latitude,
       concat_ws(' ', NULLIF(array_to_string(names, ' '), ''), address, description)
FROM location_visits
UNION ALL
SELECT id, user_id, media_type, timestamp, longitude, latitude,
       concat_ws(' ', text_content, description, address, NULLIF(array_to_string(names, ' '), ''))
FROM media;
)sql"},
      // Vector search inside PostgreSQL, only where migration 3 could install pgvector: each
      // document's int8 codes also as a pgvector `embedding`, generated from the bytea, so it
      // follows every write of `vector` (SetDocVectors, ClearDocVectors, the triggers dropping a
      // vector whose text changed) without a second write path. The codes stand for the vector
      // up to its scale, which cosine distance ignores, so the scale is left out. No fixed
      // dimension (embedders differ) and no ANN index: the search is an exact scan of one user's
      // documents, which the (user_id, timestamp) index already narrows. Without the extension
      // this migration changes nothing; run again, it finds the column and changes nothing.
      {7, "pgvector embedding of each document where the extension is installed", R"sql(
DO $migration$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    CREATE OR REPLACE FUNCTION ct_embedding(bytea) RETURNS vector
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $f$ SELECT array_agg(((get_byte($1, i) + 128) % 256 - 128)::real ORDER BY i)::vector
             FROM generate_series(4, length($1) - 1) AS i $f$;
    ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS embedding vector
      GENERATED ALWAYS AS (ct_embedding(vector)) STORED;
  END IF;
END
$migration$;
)sql"},
      {8, "indexes of the documents still to embed", R"sql(
-- Finding the documents still to embed without reading every document: those without a vector
-- (per user, for a question), and the rare ones whose vector is of another embedder.
CREATE INDEX search_docs_user_unembedded ON search_docs (user_id, doc) WHERE vector IS NULL;
CREATE INDEX search_docs_embedder ON search_docs (embedder) WHERE vector IS NOT NULL;
)sql"},
      {9, "deletions from the search index, counted per user", R"sql(
-- As on SQLite: the vectors' cache compares max(rev) and this count, two index lookups.
CREATE TABLE search_deletions (
  user_id text PRIMARY KEY,  -- no foreign key: DeleteUser removes the row after the user
  deleted bigint NOT NULL
);
CREATE FUNCTION ct_search_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_deletions (user_id, deleted) VALUES (OLD.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET deleted = search_deletions.deleted + 1;
  RETURN OLD;
END
$$;
CREATE TRIGGER search_docs_deleted AFTER DELETE ON search_docs
  FOR EACH ROW EXECUTE FUNCTION ct_search_deleted();
)sql"},
      // Version 10 adds periods to SQLite's full-text index; PostgreSQL combines its time index
      // with the text index itself. The numbering stays the same.
      {10, "periods in the full-text index (SQLite only)", "SELECT 1;"},
      {11, "question sessions, kept for every instance to see", R"sql(
-- The context of a conversation's last question (services/query_sessions.h), for an hour. In
-- the database rather than in a process so that any instance may answer the follow-up.
CREATE TABLE query_sessions (
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_id text NOT NULL,
  context    text NOT NULL,    -- JSON
  expires_at bigint NOT NULL,  -- µs since the epoch
  PRIMARY KEY (user_id, session_id)
);
CREATE INDEX query_sessions_expiry ON query_sessions (expires_at);
)sql"},
  };
  return migrations;
}

}  // namespace chronotrail::pg
