// PostgresStore: the search index (search_docs, migration 5). Triggers keep the documents in
// step with the records; full text is a generated tsvector (english configuration) searched with
// websearch_to_tsquery; vectors are the int8 blobs of ai/vector_codec.h kept as bytea. Where
// pgvector is installed (migration 7), a generated `embedding` column holds the same codes and
// NearestDocs ranks them in SQL; elsewhere the server scans DocVectors, as on SQLite.
#include <cctype>
#include <charconv>

#include "core/digest.h"
#include "storage/postgres/postgres_store.h"

namespace chronotrail {
namespace {

using pg::Params;
using pg::Result;

// "w1 or w2 or w3" (any) or "w1 w2 w3" (all) for websearch_to_tsquery, from words reduced to
// letters, digits and spaces, so nothing a person types is read as query syntax.
std::string TermQuery(const std::vector<std::string>& terms, TermMatch match) {
  std::string q;
  for (const std::string& term : terms) {
    std::string clean;
    for (unsigned char c : term) {
      if (std::isalnum(c) || c >= 0x80) {
        clean += static_cast<char>(c);
      } else if (!clean.empty() && clean.back() != ' ') {
        clean += ' ';
      }
    }
    while (!clean.empty() && clean.back() == ' ') clean.pop_back();
    if (clean.empty()) continue;
    if (!q.empty()) q += match == TermMatch::kAll ? " " : " or ";
    q += clean;
  }
  return q;
}

std::optional<std::string> KindList(const std::vector<std::string>& kinds) {
  if (kinds.empty()) return std::nullopt;
  std::string list = ",";
  for (const std::string& k : kinds) list += k + ",";
  return list;
}

// Appends the filter as the parameters $2..$8: from, to, kinds, box.
void AddFilter(Params& p, const SearchFilter& f) {
  p.Add(f.range.from).Add(f.range.to).Add(KindList(f.kinds));
  if (f.box) {
    p.Add(f.box->min_latitude).Add(f.box->max_latitude);
    p.Add(f.box->min_longitude).Add(f.box->max_longitude);
  } else {
    p.AddNull().AddNull().AddNull().AddNull();
  }
}

#define FILTER_SQL                                                                   \
  " ($2::bigint IS NULL OR d.timestamp >= ct_ts($2::bigint))"                        \
  " AND ($3::bigint IS NULL OR d.timestamp <= ct_ts($3::bigint))"                    \
  " AND ($4::text IS NULL OR strpos($4::text, ',' || d.kind || ',') > 0)"            \
  " AND ($5::float8 IS NULL OR (d.latitude BETWEEN $5::float8 AND $6::float8 AND"    \
  "   (($7::float8 <= $8::float8 AND d.longitude BETWEEN $7::float8 AND $8::float8)" \
  "    OR ($7::float8 > $8::float8 AND (d.longitude >= $7::float8"                   \
  "                                     OR d.longitude <= $8::float8)))))"

// A pgvector literal, "[0.25,-1,…]", each number the shortest text that reads back the same.
std::string VectorLiteral(const std::vector<float>& values) {
  std::string out = "[";
  char buffer[32];
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, values[i]);
    out.append(buffer, ec == std::errc() ? end : buffer);
  }
  out += ']';
  return out;
}

std::string HexOfBytea(const std::string& text) {
  // bytea arrives as "\x0a1b…".
  std::string out;
  if (text.size() < 2) return out;
  out.reserve((text.size() - 2) / 2);
  for (size_t i = 2; i + 1 < text.size(); i += 2) {
    out += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));
  }
  return out;
}

// The user's documents that pass the filter and have any (or all) of `terms`: when `ranked`, best
// first by ts_rank_cd (newest first with no terms), otherwise unranked in no order.
std::vector<SearchHit> FindDocs(pg::Connection& conn, const std::string& user_id,
                                const std::vector<std::string>& terms, TermMatch match,
                                const SearchFilter& filter, int limit, bool ranked) {
  Params p;
  p.Add(user_id);
  AddFilter(p, filter);
  p.Add(std::int64_t{limit});
  const std::string query = TermQuery(terms, match);
  if (!query.empty()) p.Add(query);
  const char* sql =
      query.empty()
          ? (ranked ? "SELECT d.record_id, d.kind, ct_us(d.timestamp) FROM search_docs d"
                      " WHERE d.user_id = $1 AND" FILTER_SQL " ORDER BY d.timestamp DESC LIMIT $9"
                    : "SELECT d.record_id, d.kind, ct_us(d.timestamp) FROM search_docs d"
                      " WHERE d.user_id = $1 AND" FILTER_SQL " LIMIT $9")
          : (ranked ? "SELECT d.record_id, d.kind, ct_us(d.timestamp), ts_rank_cd(d.tsv, q) AS s"
                      " FROM search_docs d, websearch_to_tsquery('english', $10) q"
                      " WHERE d.user_id = $1 AND d.tsv @@ q AND" FILTER_SQL
                      " ORDER BY s DESC LIMIT $9"
                    : "SELECT d.record_id, d.kind, ct_us(d.timestamp)"
                      " FROM search_docs d, websearch_to_tsquery('english', $10) q"
                      " WHERE d.user_id = $1 AND d.tsv @@ q AND" FILTER_SQL " LIMIT $9");
  Result r = conn.Query(sql, p);
  const bool scored = ranked && !query.empty();
  std::vector<SearchHit> hits;
  hits.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) {
    hits.push_back({r.Text(i, 0), r.Text(i, 1), r.Int(i, 2), scored ? r.Real(i, 3) : 0});
  }
  return hits;
}

}  // namespace

std::vector<SearchHit> PostgresStore::SearchText(const std::string& user_id,
                                                 const std::vector<std::string>& terms,
                                                 TermMatch match, const SearchFilter& filter,
                                                 int limit) {
  auto conn = ListPool().Acquire();
  return FindDocs(*conn, user_id, terms, match, filter, limit, true);
}

std::vector<SearchHit> PostgresStore::MatchingDocs(const std::string& user_id,
                                                   const std::vector<std::string>& terms,
                                                   TermMatch match, const SearchFilter& filter,
                                                   int limit) {
  auto conn = ListPool().Acquire();
  return FindDocs(*conn, user_id, terms, match, filter, limit, false);
}

std::vector<DocVector> PostgresStore::DocVectors(const std::string& user_id,
                                                 const std::string& embedder) {
  auto conn = ListPool().Acquire();
  Params p;
  p.Add(user_id).Add(embedder);
  Result r = conn->Query(
      "SELECT record_id, kind, ct_us(timestamp), longitude, latitude, vector FROM search_docs"
      " WHERE user_id = $1 AND embedder = $2 AND vector IS NOT NULL",
      p);
  std::vector<DocVector> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) {
    DocVector v{r.Text(i, 0), r.Text(i, 1), r.Int(i, 2), std::nullopt, HexOfBytea(r.Text(i, 5))};
    if (!r.IsNull(i, 3) && !r.IsNull(i, 4)) v.coordinates = Coordinates{r.Real(i, 3), r.Real(i, 4)};
    out.push_back(std::move(v));
  }
  return out;
}

std::int64_t PostgresStore::SearchRevision(const std::string& user_id) {
  auto conn = ListPool().Acquire();
  Params p;
  p.Add(user_id);
  // max(rev) grows with every insert and change, search_deletions with every delete; both are
  // read from an index, where counting a large user's documents took tens of milliseconds.
  Result r = conn->Query(
      "SELECT coalesce((SELECT max(rev) FROM search_docs WHERE user_id = $1), 0) * 1000003"
      " + coalesce((SELECT deleted FROM search_deletions WHERE user_id = $1), 0)",
      p);
  return r.rows() ? r.Int(0, 0) : 0;
}

std::vector<UnembeddedDoc> PostgresStore::UnembeddedDocs(const std::string& embedder,
                                                         const std::optional<std::string>& user_id,
                                                         int limit) {
  auto conn = primary_.Acquire();
  // As on SQLite: the documents without a vector, then those with another embedder's, each
  // through a partial index of migration 8 rather than a scan of every document.
  std::vector<UnembeddedDoc> out;
  auto read = [&](const Result& r) {
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.Text(i, 0), r.Text(i, 1), r.Text(i, 2)});
  };
  if (user_id) {
    Params p;
    p.Add(*user_id).Add(std::int64_t{limit});
    read(
        conn->Query("SELECT record_id, user_id, body FROM search_docs"
                    " WHERE user_id = $1 AND vector IS NULL ORDER BY doc LIMIT $2",
                    p));
  } else {
    Params p;
    p.Add(std::int64_t{limit});
    read(
        conn->Query("SELECT record_id, user_id, body FROM search_docs WHERE vector IS NULL"
                    " ORDER BY doc LIMIT $1",
                    p));
  }
  if (out.size() < static_cast<size_t>(limit)) {
    Params p;
    p.Add(embedder).Add(user_id).Add(std::int64_t{limit} - std::int64_t(out.size()));
    read(
        conn->Query("SELECT record_id, user_id, body FROM search_docs"
                    " WHERE vector IS NOT NULL AND (embedder < $1 OR embedder > $1)"
                    " AND ($2::text IS NULL OR user_id = $2::text) LIMIT $3",
                    p));
  }
  return out;
}

void PostgresStore::SetDocVectors(
    const std::string& embedder,
    const std::vector<std::pair<UnembeddedDoc, std::string>>& vectors) {
  auto conn = primary_.Acquire();
  for (const auto& [doc, blob] : vectors) {
    Params p;
    p.Add(doc.record_id).Add(doc.body).Add(embedder).Add("\\x" + HexEncode(blob));
    conn->Query(
        "UPDATE search_docs SET embedder = $3, vector = $4::bytea, rev = nextval('search_rev')"
        " WHERE record_id = $1 AND body = $2",
        p);
  }
}

void PostgresStore::ClearDocVectors() {
  auto conn = primary_.Acquire();
  conn->Query("UPDATE search_docs SET vector = NULL, embedder = NULL WHERE vector IS NOT NULL");
}

std::optional<std::string> PostgresStore::VectorSearchEngine() {
  std::lock_guard lock(vector_engine_mu_);
  if (!vector_engine_known_) {
    auto conn = primary_.Acquire();
    // Both the extension and the column: the extension may have been added after migration 7.
    Result r = conn->Query(
        "SELECT e.extversion FROM pg_extension e, pg_attribute a"
        " WHERE e.extname = 'vector' AND a.attrelid = to_regclass('search_docs')"
        " AND a.attname = 'embedding' AND NOT a.attisdropped");
    vector_engine_.reset();
    if (r.rows() > 0) vector_engine_ = "pgvector " + r.Text(0, 0);
    vector_engine_known_ = true;
  }
  return vector_engine_;
}

std::optional<std::vector<SearchHit>> PostgresStore::NearestDocs(const std::string& user_id,
                                                                 const std::string& embedder,
                                                                 const std::vector<float>& query,
                                                                 const SearchFilter& filter,
                                                                 int limit) {
  if (!VectorSearchEngine()) return std::nullopt;
  auto conn = ListPool().Acquire();
  Params p;
  p.Add(user_id);
  AddFilter(p, filter);
  p.Add(std::int64_t{limit}).Add(embedder).Add(VectorLiteral(query));
  // Exact: every document of the user that passes the filter is measured (no ANN index). The
  // query is parsed once in a materialised CTE (a generic plan would otherwise cast the text
  // parameter again for every row). A vector of another dimension would make <=> fail, so those
  // are left out.
  Result r = conn->Query(
      "WITH q AS MATERIALIZED (SELECT $11::vector AS v)"
      " SELECT d.record_id, d.kind, ct_us(d.timestamp), d.embedding <=> q.v AS distance"
      " FROM search_docs d, q"
      " WHERE d.user_id = $1 AND d.embedder = $10 AND d.embedding IS NOT NULL"
      " AND vector_dims(d.embedding) = vector_dims(q.v) AND" FILTER_SQL
      " ORDER BY distance, d.record_id LIMIT $9",
      p);
  std::vector<SearchHit> hits;
  hits.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) {
    // Cosine distance is 1 - cosine similarity.
    hits.push_back({r.Text(i, 0), r.Text(i, 1), r.Int(i, 2), 1 - r.Real(i, 3)});
  }
  return hits;
}

std::vector<std::string> PostgresStore::KnownPlaceNames(const std::string& user_id, int limit) {
  auto conn = ListPool().Acquire();
  Params p;
  p.Add(user_id).Add(std::int64_t{limit});
  Result r = conn->Query(
      "SELECT n FROM location_visits v, unnest(v.names) n WHERE v.user_id = $1"
      " GROUP BY n ORDER BY count(*) DESC LIMIT $2",
      p);
  std::vector<std::string> names;
  for (int i = 0; i < r.rows(); ++i) names.push_back(r.Text(i, 0));
  return names;
}

}  // namespace chronotrail
