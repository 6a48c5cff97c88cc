// SqliteStore::ReindexSearch: search_docs made equal to the view search_sources (migration 6),
// and the full-text table search_text rebuilt from search_docs. A dry run counts the repairs inside
// the write's savepoint, then undoes them by throwing out of it (the full-text table is left
// alone: it would only be rolled back).
//
// The view is read once into a temporary table with an index on record_id, so each of the three
// repairs is one pass instead of a recomputation of every record's text.
#include "storage/sqlite/sqlite_store.h"

namespace chronotrail {
namespace {
struct UndoDryRun {};
}  // namespace

ReindexCounts SqliteStore::ReindexSearch(const std::string& embedder, ReindexMode mode) {
  ReindexCounts counts;
  auto rebuild = [&](sqlite::Connection& conn) {
    conn.Exec(
        "DROP TABLE IF EXISTS temp.fresh_docs;"
        "CREATE TEMP TABLE fresh_docs AS SELECT * FROM search_sources;"
        "CREATE UNIQUE INDEX temp.fresh_docs_record ON fresh_docs (record_id);");
    std::int64_t rev = 1;
    {  // a statement left with a row pending would keep fresh_docs from being dropped
      sqlite::Cursor next = conn.Query("SELECT coalesce(max(rev), 0) + 1 FROM search_docs");
      if (next.Step()) rev = next.Int(0);
    }

    sqlite::Cursor removed = conn.Query(
        "DELETE FROM search_docs WHERE record_id NOT IN (SELECT record_id FROM fresh_docs)");
    removed.Run();
    counts.removed = removed.Changes();

    // SET reads the row as it was: a vector survives only when the text is unchanged.
    sqlite::Cursor updated = conn.Query(
        "UPDATE search_docs SET user_id = f.user_id, kind = f.kind, timestamp = f.timestamp,"
        " longitude = f.longitude, latitude = f.latitude, body = f.body, rev = ?1,"
        " vector = CASE WHEN search_docs.body IS f.body THEN search_docs.vector END,"
        " embedder = CASE WHEN search_docs.body IS f.body THEN search_docs.embedder END"
        " FROM fresh_docs f WHERE f.record_id = search_docs.record_id AND"
        " (search_docs.body IS NOT f.body OR search_docs.timestamp IS NOT f.timestamp OR"
        "  search_docs.kind IS NOT f.kind OR search_docs.user_id IS NOT f.user_id OR"
        "  search_docs.longitude IS NOT f.longitude OR search_docs.latitude IS NOT f.latitude)");
    updated.Bind(1, rev).Run();
    counts.updated = updated.Changes();

    sqlite::Cursor added = conn.Query(
        "INSERT INTO search_docs (record_id, user_id, kind, timestamp, longitude, latitude, body,"
        " rev) SELECT record_id, user_id, kind, timestamp, longitude, latitude, body, ?1"
        " FROM fresh_docs f WHERE NOT EXISTS"
        " (SELECT 1 FROM search_docs d WHERE d.record_id = f.record_id)");
    added.Bind(1, rev).Run();
    counts.added = added.Changes();

    conn.Exec("DROP TABLE temp.fresh_docs;");
    if (mode == ReindexMode::kRepair) {
      // The owner tokens are those migration 10's triggers write.
      conn.Exec(
          "DELETE FROM search_text;"
          "INSERT INTO search_text (rowid, owner, body)"
          " SELECT doc, 'u' || replace(user_id, '-', '')"
          " || coalesce(strftime(' m%Y%m d%Y%m%d', timestamp / 1000000, 'unixepoch'), ''), body"
          " FROM search_docs;"
          "INSERT INTO search_text (search_text) VALUES ('optimize');");
    }

    sqlite::Cursor totals = conn.Query(
        "SELECT count(*), coalesce(sum(vector IS NULL OR embedder IS NOT ?1), 0)"
        " FROM search_docs");
    totals.Bind(1, embedder);
    if (totals.Step()) {
      counts.documents = totals.Int(0);
      counts.unembedded = totals.Int(1);
    }
    if (mode == ReindexMode::kDryRun) throw UndoDryRun{};
  };
  try {
    commit_.Write(rebuild);
  } catch (const UndoDryRun&) {
  }
  return counts;
}

}  // namespace chronotrail
