// SqliteStore: the search index (search_docs, search_text; see migration 5). Triggers keep the
// documents in step with the records; this file reads them and stores their vectors.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/time.h"
#include "storage/sqlite/sqlite_store.h"

namespace chronotrail {
namespace {

using sqlite::Cursor;

// "d20240312" for the ISO time "2024-03-12T…".
std::string DayToken(const std::string& iso) {
  std::string token = "d";
  token.append(iso, 0, 4).append(iso, 5, 2).append(iso, 8, 2);
  return token;
}

// The UTC days ("d20240312") or months ("m202403") that cover `range`, which migration 10 writes
// into each document's owner column. Only a narrow range is worth it: the postings of a period
// are everyone's, and merging a year's of them cost more than ranking the user's few matches
// outside it (measured at 1M documents). Empty for an open or wide range.
std::vector<std::string> PeriodTokens(const TimeRange& range) {
  constexpr int kMaxDays = 40, kMaxMonths = 4;
  // From 1970 (before it, SQL's integer division rounds a time up to the next second, maybe the
  // next day) to 9999 (four-digit years).
  constexpr Micros kFirst = 0;
  constexpr Micros kLast = 253'402'214'400 * kMicrosPerSecond;
  if (!range.from || !range.to || *range.to < *range.from) return {};
  if (*range.from < kFirst || *range.to > kLast) return {};
  const std::string first = FormatIsoTime(*range.from), last = FormatIsoTime(*range.to);
  std::vector<std::string> out;
  if (*range.to - *range.from < (kMaxDays - 1) * kMicrosPerDay) {
    const std::string last_day = DayToken(last);
    // A day later is always the next date in UTC, so the walk meets the last day exactly.
    for (Micros t = *range.from; out.size() < kMaxDays; t += kMicrosPerDay) {
      out.push_back(DayToken(FormatIsoTime(t)));
      if (out.back() == last_day) return out;
    }
    return {};
  }
  int y = std::stoi(first.substr(0, 4)), m = std::stoi(first.substr(5, 2));
  const int y1 = std::stoi(last.substr(0, 4)), m1 = std::stoi(last.substr(5, 2));
  if ((y1 - y) * 12 + (m1 - m) >= kMaxMonths) return {};
  char token[16];
  for (; y * 12 + m <= y1 * 12 + m1; m == 12 ? (m = 1, ++y) : ++m) {
    std::snprintf(token, sizeof token, "m%04d%02d", y, m);
    out.emplace_back(token);
  }
  return out;
}

// The FTS5 query for the user's documents containing any (or all) of `terms`, within the periods
// that cover the filter's time range when it is narrow:
//   owner:u<id> AND owner:(d20240312 OR …) AND body:("w1" OR "w2")
// Every term is a quoted string, so nothing a person types is read as FTS5 syntax. The phrases
// are the owner, each period, then each non-empty term; `owner_phrases` is set to how many come
// before the terms.
std::string MatchExpression(const std::string& user_id, const std::vector<std::string>& terms,
                            TermMatch match, const TimeRange& range,
                            size_t* owner_phrases = nullptr) {
  std::string q = "owner:u";
  for (char c : user_id) {
    if (c != '-') q += c;
  }
  std::vector<std::string> periods = PeriodTokens(range);
  for (size_t i = 0; i < periods.size(); ++i) {
    q.append(i == 0 ? " AND owner:(" : " OR ").append(periods[i]);
    if (i + 1 == periods.size()) q += ")";
  }
  if (owner_phrases) *owner_phrases = 1 + periods.size();
  q += " AND body:(";
  bool first = true;
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    if (!first) q += match == TermMatch::kAll ? " AND " : " OR ";
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

// A matched document before ranking: what the hit needs, its length in bytes and how often each
// term occurs in it.
struct Matched {
  SearchHit hit;
  double length = 0;
  std::vector<std::int32_t> counts;  // per term
};

// Okapi BM25 (k1 = 1.2, b = 0.75) over `docs`, highest first; equal scores keep their order. A
// term's inverse document frequency is taken among the matched documents themselves: when any
// term will do, a document with the question's rarer word comes before one with its common word;
// when every document has every term, the weights are equal and length and repetition decide.
// Lengths are in bytes, which is proportional enough to words for the normalisation.
void RankBm25(std::vector<Matched>& docs, TermMatch match) {
  if (docs.empty()) return;
  constexpr double kK1 = 1.2, kB = 0.75;
  const size_t terms = docs.front().counts.size();
  double average = 0;
  std::vector<double> having(terms, 0);
  for (const Matched& d : docs) {
    average += d.length / double(docs.size());
    for (size_t t = 0; t < terms; ++t) having[t] += d.counts[t] > 0;
  }
  std::vector<double> weight(terms, 1.0);
  if (match == TermMatch::kAny) {
    const double n = double(docs.size());
    for (size_t t = 0; t < terms; ++t) {
      weight[t] = std::log(1 + (n - having[t] + 0.5) / (having[t] + 0.5));
    }
  }
  for (Matched& d : docs) {
    const double norm = kK1 * (1 - kB + kB * d.length / std::max(average, 1.0));
    double score = 0;
    for (size_t t = 0; t < terms; ++t) {
      const double f = d.counts[t];
      score += weight[t] * f * (kK1 + 1) / (f + norm);
    }
    d.hit.score = score;
  }
  std::stable_sort(docs.begin(), docs.end(),
                   [](const Matched& a, const Matched& b) { return a.hit.score > b.hit.score; });
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

size_t CountTerms(const std::vector<std::string>& terms) {
  return static_cast<size_t>(
      std::count_if(terms.begin(), terms.end(), [](const std::string& t) { return !t.empty(); }));
}

// The user's documents that pass the filter, whatever their words: the newest first, or in no
// order (for counting them).
std::vector<SearchHit> FilteredDocs(sqlite::Connection& conn, const std::string& user_id,
                                    const SearchFilter& filter, int limit, bool newest_first) {
  Cursor q = conn.Query(newest_first ? "SELECT d.record_id, d.kind, d.timestamp FROM search_docs d"
                                       " WHERE d.user_id = ?1 AND" FILTER_SQL
                                       " ORDER BY d.timestamp DESC LIMIT ?9"
                                     : "SELECT d.record_id, d.kind, d.timestamp FROM search_docs d"
                                       " WHERE d.user_id = ?1 AND" FILTER_SQL " LIMIT ?9");
  q.Bind(1, user_id);
  BindFilter(q, filter);
  q.Bind(9, std::int64_t{limit});
  std::vector<SearchHit> hits;
  while (q.Step()) hits.push_back({q.Text(0), q.Text(1), q.Int(2), 0});
  return hits;
}

}  // namespace

std::vector<SearchHit> SqliteStore::SearchText(const std::string& user_id,
                                               const std::vector<std::string>& terms,
                                               TermMatch match, const SearchFilter& filter,
                                               int limit) {
  auto conn = readers_.Acquire();
  const size_t term_count = CountTerms(terms);
  if (term_count == 0) return FilteredDocs(*conn, user_id, filter, limit, true);
  std::vector<SearchHit> hits;
  // Ranking costs a few µs a document (its row, its term counts), so when more than kMostRanked
  // documents have the words, only the kMostRanked written last are ranked: among thousands
  // with the same words the recent ones are the likelier answer. Should the filter then leave
  // fewer than `limit` of them, every match is ranked after all.
  constexpr std::int64_t kMostRanked = 1500;
  size_t owner_phrases = 0;
  const std::string expression =
      MatchExpression(user_id, terms, match, filter.range, &owner_phrases);
  const bool filtered =
      filter.range.from || filter.range.to || !filter.kinds.empty() || filter.box.has_value();
  for (std::int64_t most : {kMostRanked, std::int64_t{-1}}) {
    Cursor q = conn->Query(
        "SELECT d.record_id, d.kind, d.timestamp, length(d.body), m.counts FROM"
        " (SELECT rowid, ct_term_counts(search_text) AS counts FROM search_text"
        "  WHERE search_text MATCH ?1 ORDER BY rowid DESC LIMIT ?9) m"
        " JOIN search_docs d ON d.doc = m.rowid WHERE" FILTER_SQL);
    q.Bind(1, expression);
    BindFilter(q, filter);
    q.Bind(9, most);
    std::vector<Matched> docs;
    while (q.Step()) {
      Matched d{{q.Text(0), q.Text(1), q.Int(2), 0}, double(q.Int(3)), {}};
      d.counts.assign(term_count, 0);
      const std::string counts = q.Blob(4);
      for (size_t t = 0; t < term_count; ++t) {
        const size_t at = (owner_phrases + t) * sizeof(std::int32_t);
        if (at + sizeof(std::int32_t) <= counts.size()) {
          std::memcpy(&d.counts[t], counts.data() + at, sizeof(std::int32_t));
        }
      }
      docs.push_back(std::move(d));
    }
    if (most > 0 && filtered && docs.size() < static_cast<size_t>(limit)) continue;
    RankBm25(docs, match);
    for (size_t i = 0; i < docs.size() && hits.size() < static_cast<size_t>(limit); ++i) {
      hits.push_back(std::move(docs[i].hit));
    }
    break;
  }
  return hits;
}

std::vector<SearchHit> SqliteStore::MatchingDocs(const std::string& user_id,
                                                 const std::vector<std::string>& terms,
                                                 TermMatch match, const SearchFilter& filter,
                                                 int limit) {
  auto conn = readers_.Acquire();
  if (CountTerms(terms) == 0) return FilteredDocs(*conn, user_id, filter, limit, false);
  Cursor q = conn->Query(
      "SELECT d.record_id, d.kind, d.timestamp"
      " FROM search_text JOIN search_docs d ON d.doc = search_text.rowid"
      " WHERE search_text MATCH ?1 AND" FILTER_SQL " LIMIT ?9");
  q.Bind(1, MatchExpression(user_id, terms, match, filter.range));
  BindFilter(q, filter);
  q.Bind(9, std::int64_t{limit});
  std::vector<SearchHit> hits;
  while (q.Step()) hits.push_back({q.Text(0), q.Text(1), q.Int(2), 0});
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
  // max(rev) grows with every insert and change, search_deletions with every delete; both are
  // read from an index, where counting a large user's documents took tens of milliseconds.
  Cursor q = conn->Query(
      "SELECT coalesce((SELECT max(rev) FROM search_docs WHERE user_id = ?1), 0) * 1000003"
      " + coalesce((SELECT deleted FROM search_deletions WHERE user_id = ?1), 0)");
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
