#include "storage/sqlite/term_counts.h"

#include <sqlite3.h>

#include <cstdint>
#include <vector>

#include "core/error.h"

namespace chronotrail::sqlite {
namespace {

constexpr int kBodyColumn = 1;  // search_text(owner, body)

void TermCounts(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int,
                sqlite3_value**) {
  const int phrases = api->xPhraseCount(fts);
  std::vector<std::int32_t> counts(size_t(phrases > 0 ? phrases : 0), 0);
  for (int p = 0; p < phrases; ++p) {
    Fts5PhraseIter it;
    int column = 0, offset = 0;
    if (api->xPhraseFirst(fts, p, &it, &column, &offset) != SQLITE_OK) {
      sqlite3_result_error(ctx, "ct_term_counts: cannot read the match", -1);
      return;
    }
    for (; column >= 0; api->xPhraseNext(fts, &it, &column, &offset)) {
      if (column == kBodyColumn) ++counts[size_t(p)];
    }
  }
  sqlite3_result_blob(ctx, counts.data(), int(counts.size() * sizeof(std::int32_t)),
                      SQLITE_TRANSIENT);
}

}  // namespace

void RegisterTermCounts(sqlite3* db) {
  // The documented way to reach FTS5's API: "SELECT fts5(?)" hands back its pointer.
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  if (!api ||
      api->xCreateFunction(api, "ct_term_counts", nullptr, TermCounts, nullptr) != SQLITE_OK) {
    throw ApiError(ErrorKind::kUnavailable, "this SQLite has no FTS5 (needed for search)");
  }
}

}  // namespace chronotrail::sqlite
