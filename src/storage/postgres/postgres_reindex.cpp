// PostgresStore::ReindexSearch: search_docs made equal to the view search_sources (migration 6).
// The tsvector is a generated column, so rewriting a document's body rewrites its full text.
//
// Records written by other sessions while this runs are indexed by their own triggers; the
// insert below therefore gives way to them (ON CONFLICT DO NOTHING). A dry run counts the repairs
// and rolls them back by throwing out of the transaction.
#include "storage/postgres/postgres_store.h"

namespace chronotrail {
namespace {
struct UndoDryRun {};
}  // namespace

ReindexCounts PostgresStore::ReindexSearch(const std::string& embedder, ReindexMode mode) {
  ReindexCounts counts;
  auto conn = primary_.Acquire();
  auto rebuild = [&](pg::Connection& c) {
    counts.removed = c.Query(
                          "DELETE FROM search_docs d WHERE NOT EXISTS"
                          " (SELECT 1 FROM search_sources s WHERE s.record_id = d.record_id)")
                         .affected();
    // SET reads the row as it was: a vector survives only when the text is unchanged.
    counts.updated =
        c.Query(
             "UPDATE search_docs d SET user_id = s.user_id, kind = s.kind,"
             " timestamp = s.timestamp, longitude = s.longitude, latitude = s.latitude,"
             " body = s.body, rev = nextval('search_rev'),"
             " vector = CASE WHEN d.body = s.body THEN d.vector END,"
             " embedder = CASE WHEN d.body = s.body THEN d.embedder END"
             " FROM search_sources s WHERE s.record_id = d.record_id AND"
             " (d.body IS DISTINCT FROM s.body OR d.timestamp IS DISTINCT FROM s.timestamp OR"
             "  d.kind IS DISTINCT FROM s.kind OR d.user_id IS DISTINCT FROM s.user_id OR"
             "  d.longitude IS DISTINCT FROM s.longitude OR"
             "  d.latitude IS DISTINCT FROM s.latitude)")
            .affected();
    counts.added =
        c.Query(
             "INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude,"
             " body, rev) SELECT record_id, user_id, kind, timestamp, longitude, latitude, body,"
             " nextval('search_rev') FROM search_sources s WHERE NOT EXISTS"
             " (SELECT 1 FROM search_docs d WHERE d.record_id = s.record_id)"
             " ON CONFLICT (record_id) DO NOTHING")
            .affected();
    pg::Params p;
    p.Add(embedder);
    pg::Result totals = c.Query(
        "SELECT count(*), count(*) FILTER (WHERE vector IS NULL OR embedder IS DISTINCT FROM $1)"
        " FROM search_docs",
        p);
    counts.documents = totals.Int(0, 0);
    counts.unembedded = totals.Int(0, 1);
    if (mode == ReindexMode::kDryRun) throw UndoDryRun{};
  };
  try {
    pg::InTransaction(*conn, rebuild);
  } catch (const UndoDryRun&) {
  }
  return counts;
}

}  // namespace chronotrail
