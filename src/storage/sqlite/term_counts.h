// ct_term_counts: how often each phrase of a full-text query occurs in a matched document's body,
// an FTS5 auxiliary function the embedded store ranks with.
//
//   SELECT rowid, ct_term_counts(search_text) FROM search_text WHERE search_text MATCH ?
//
// gives a blob of one int32 (native byte order) per phrase of the MATCH expression, in order.
//
// Why not FTS5's bm25(): it computes every phrase's inverse document frequency by walking the
// phrase's whole posting list, every user's documents, on each query (15-25 ms a question on a
// store of 1M documents; the owner phrase alone has 100k postings for a large user), and reads
// each document's length from another table. The store ranks with these counts instead, weighing
// the words by how many of the matched documents have them (sqlite_search.cpp).
#pragma once

struct sqlite3;

namespace chronotrail::sqlite {

// Registers ct_term_counts on `db`; throws ApiError when this SQLite has no FTS5.
void RegisterTermCounts(sqlite3* db);

}  // namespace chronotrail::sqlite
