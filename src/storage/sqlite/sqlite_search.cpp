// SqliteStore: the search index (search_docs, search_text; see migration 5). Triggers keep the
// documents in step with the records; this file reads them and stores their vectors.
#include <limits>

#include "core/error.h"
#include "storage/sqlite/sqlite_store.h"

namespace chronotrail {
namespace {

using sqlite::Cursor;

// An FTS5 query for the user's documents containing any of `terms`. Every term is a quoted
// string, so nothing a person types is read as FTS5 syntax.
std::string MatchExpression(const std::string& user_id, const std::vector<std::string>& terms) {
  std::string owner = "u";
  for (char c : user_id) {
    if (c != '-') owner += c;
  }
  std::string q = "owner:" + owner + " AND body:(";
  bool first = true;
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    if (!first) q += " OR ";
    first = false;
    q += '"';
    for (char c : term) {
      if (c == '"') q += '"';
      q += c;
    }
    q += '"';
  }
  q += ")";
  return q;
}

// ",note,visit," for the kinds filter (NULL: every kind).
std::optional<std::string> KindList(const std::vector<std::string>& kinds) {
  if (kinds.empty()) return std::nullopt;
  std::string list = ",";
  for (const std::string& k : kinds) list += k + ",";
  return list;
}

// Binds the filter as parameters ?2..?8: from, to, kinds, and the box.
void BindFilter(Cursor& q, const SearchFilter& f) {
  q.Bind(2, f.range.from.value_or(std::numeric_limits<Micros>::min()));
  q.Bind(3, f.range.to.value_or(std::numeric_limits<Micros>::max()));
  q.Bind(4, KindList(f.kinds));
  if (f.box) {
    q.Bind(5, f.box->min_latitude).Bind(6, f.box->max_latitude);
    q.Bind(7, f.box->min_longitude).Bind(8, f.box->max_longitude);
  } else {
    q.BindNull(5).BindNull(6).BindNull(7).BindNull(8);
  }
}

#define FILTER_SQL                                           \
  " d.timestamp BETWEEN ?2 AND ?3"                           \
  " AND (?4 IS NULL OR instr(?4, ',' || d.kind || ',') > 0)" \
  " AND (?5 IS NULL OR (d.latitude BETWEEN ?5 AND ?6 AND"    \
  "   ((?7 <= ?8 AND d.longitude BETWEEN ?7 AND ?8) OR"      \
  "    (?7 > ?8 AND (d.longitude >= ?7 OR d.longitude <= ?8)))))"

}  // namespace

std::vector<SearchHit> SqliteStore::SearchText(const std::string& user_id,
                                               const std::vector<std::string>& terms,
                                               const SearchFilter& filter, int limit) {
  auto conn = readers_.Acquire();
  std::vector<SearchHit> hits;
  bool any_term = false;
  for (const std::string& t : terms) any_term = any_term || !t.empty();
  if (!any_term) {
    Cursor q = conn->Query(
        "SELECT d.record_id, d.kind, d.timestamp FROM search_docs d"
        " WHERE d.user_id = ?1 AND" FILTER_SQL " ORDER BY d.timestamp DESC LIMIT ?9");
    q.Bind(1, user_id);
    BindFilter(q, filter);
    q.Bind(9, std::int64_t{limit});
    while (q.Step()) hits.push_back({q.Text(0), q.Text(1), q.Int(2), 0});
    return hits;
  }
  // bm25 weights: the owner column counts for nothing.
  Cursor q = conn->Query(
      "SELECT d.record_id, d.kind, d.timestamp, -bm25(search_text, 0.0, 1.0) AS score"
      " FROM search_text JOIN search_docs d ON d.doc = search_text.rowid"
      " WHERE search_text MATCH ?1 AND" FILTER_SQL " ORDER BY score DESC LIMIT ?9");
  q.Bind(1, MatchExpression(user_id, terms));
  BindFilter(q, filter);
  q.Bind(9, std::int64_t{limit});
  while (q.Step()) hits.push_back({q.Text(0), q.Text(1), q.Int(2), q.Real(3)});
  return hits;
}

std::vector<DocVector> SqliteStore::DocVectors(const std::string& user_id,
                                               const std::string& embedder) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query(
      "SELECT record_id, kind, timestamp, longitude, latitude, vector FROM search_docs"
      " WHERE user_id = ?1 AND embedder = ?2 AND vector IS NOT NULL");
  q.Bind(1, user_id).Bind(2, embedder);
  std::vector<DocVector> out;
  while (q.Step()) {
    DocVector v{q.Text(0), q.Text(1), q.Int(2), std::nullopt, q.Blob(5)};
    if (!q.IsNull(3) && !q.IsNull(4)) v.coordinates = Coordinates{q.Real(3), q.Real(4)};
    out.push_back(std::move(v));
  }
  return out;
}

std::int64_t SqliteStore::SearchRevision(const std::string& user_id) {
  auto conn = readers_.Acquire();
  // max(rev) grows with every insert and change; count(*) falls with every delete.
  Cursor q = conn->Query(
      "SELECT coalesce(max(rev), 0) * 1000003 + count(*) FROM search_docs WHERE user_id = ?1");
  q.Bind(1, user_id);
  return q.Step() ? q.Int(0) : 0;
}

std::vector<UnembeddedDoc> SqliteStore::UnembeddedDocs(const std::string& embedder,
                                                       const std::optional<std::string>& user_id,
                                                       int limit) {
  auto conn = readers_.Acquire();
  // Two lookups that migration 8's partial indexes answer without reading every document: those
  // without a vector, then those with a vector of another embedder (after EMBEDDER changed).
  // Another embedder is "< ?1" or "> ?1", two ranges of the embedder index ("IS NOT" is none).
  std::vector<UnembeddedDoc> out;
  auto read = [&](Cursor& q) {
    while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2)});
  };
  if (user_id) {
    Cursor q = conn->Query(
        "SELECT record_id, user_id, body FROM search_docs"
        " WHERE user_id = ?1 AND vector IS NULL ORDER BY doc LIMIT ?2");
    q.Bind(1, *user_id).Bind(2, std::int64_t{limit});
    read(q);
  } else {
    Cursor q = conn->Query(
        "SELECT record_id, user_id, body FROM search_docs WHERE vector IS NULL"
        " ORDER BY doc LIMIT ?1");
    q.Bind(1, std::int64_t{limit});
    read(q);
  }
  if (out.size() < static_cast<size_t>(limit)) {
    Cursor q = conn->Query(
        "SELECT record_id, user_id, body FROM search_docs"
        " WHERE vector IS NOT NULL AND embedder < ?1 AND (?2 IS NULL OR user_id = ?2)"
        " UNION ALL SELECT record_id, user_id, body FROM search_docs"
        " WHERE vector IS NOT NULL AND embedder > ?1 AND (?2 IS NULL OR user_id = ?2)"
        " LIMIT ?3");
    q.Bind(1, embedder).Bind(2, user_id).Bind(3, std::int64_t{limit - std::int64_t(out.size())});
    read(q);
  }
  return out;
}

void SqliteStore::SetDocVectors(const std::string& embedder,
                                const std::vector<std::pair<UnembeddedDoc, std::string>>& vectors) {
  commit_.Write([&](sqlite::Connection& conn) {
    for (const auto& [doc, blob] : vectors) {
      Cursor q = conn.Query(
          "UPDATE search_docs SET embedder = ?3, vector = ?4,"
          " rev = (SELECT coalesce(max(rev), 0) + 1 FROM search_docs)"
          " WHERE record_id = ?1 AND body = ?2");
      q.Bind(1, doc.record_id).Bind(2, doc.body).Bind(3, embedder);
      q.BindBlob(4, blob).Run();
    }
  });
}

void SqliteStore::ClearDocVectors() {
  commit_.Write([&](sqlite::Connection& conn) {
    conn.Exec("UPDATE search_docs SET vector = NULL, embedder = NULL WHERE vector IS NOT NULL");
  });
}

std::vector<std::string> SqliteStore::KnownPlaceNames(const std::string& user_id, int limit) {
  auto conn = readers_.Acquire();
  Cursor q = conn->Query(
      "SELECT n.value FROM location_visits v, json_each(v.names) n WHERE v.user_id = ?1"
      " GROUP BY n.value ORDER BY count(*) DESC LIMIT ?2");
  q.Bind(1, user_id).Bind(2, std::int64_t{limit});
  std::vector<std::string> names;
  while (q.Step()) names.push_back(q.Text(0));
  return names;
}

}  // namespace chronotrail
