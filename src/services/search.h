// SearchService: finds a user's records by words and by meaning, within a time range, kinds and
// a place, and ranks them (hybrid retrieval).
//
// Two candidate lists are made and fused, by reciprocal rank (score = Σ 1 / (60 + rank), the
// default) or by weighted scores (half the BM25 score over the list's best, half the cosine):
//   - lexical: the store's full-text index (BM25 over FTS5 matches on the embedded default);
//   - semantic: the sentence vector of the question against the user's document vectors, an
//     exact scan over int8 codes of only the documents that pass the filter: in the database when
//     the store can (RecordStore::NearestDocs: PostgreSQL with pgvector), otherwise here (a user's
//     data is small; the vectors are cached in memory per user and reloaded when the store's
//     revision of that user changes).
// Without an embedder the search is lexical only. The lexical list is made on another thread
// while the question is embedded and the vectors scanned.
//
// Vectors are made after the records are written: EmbedPending (run by a background thread,
// and for the asking user before each search) embeds every document without a vector of the
// current embedder, so a new embedder re-embeds everything rather than mixing vector spaces.
//
// Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "ai/embedder.h"
#include "storage/record_store.h"

namespace chronotrail {

struct SearchRequest {
  std::string meaning;             // the text to embed (the question); empty: lexical only
  std::vector<std::string> terms;  // words for the full-text index; empty: no lexical list
  SearchFilter filter;
  int limit = 20;
  bool newest_when_empty = false;  // no terms and no meaning: list the newest that pass
};

struct RankedDoc {
  std::string record_id;
  std::string kind;
  Micros timestamp = 0;
  double score = 0;        // fused
  double lexical = 0;      // BM25 (0: not a lexical candidate)
  double similarity = -1;  // cosine with the question (-1: not a semantic candidate)
};

// How the two ranked lists become one (SEARCH_FUSION; bench/timelineqa compares them).
enum class SearchFusion { kReciprocalRank, kWeighted };

class SearchService {
 public:
  // `embedder` may be null; it must outlive the service.
  SearchService(RecordStore& store, const ai::Embedder* embedder,
                SearchFusion fusion = SearchFusion::kReciprocalRank);
  ~SearchService();  // stops the background thread

  std::vector<RankedDoc> Search(const std::string& user_id, const SearchRequest& request) const;

  // The user's documents by words alone, best first: those with every one of `terms`, then,
  // while they are fewer than `limit`, those with any. Ranking only the documents with every
  // term is what keeps a question about common words fast on a large timeline (thousands match
  // one of them), and they are the ones ranked first anyway.
  std::vector<SearchHit> Lexical(const std::string& user_id, const std::vector<std::string>& terms,
                                 const SearchFilter& filter, int limit) const;

  // Every document of the user that the filter passes and has all of `terms`, or, when none has
  // them all, any of them; unranked, in no order, up to `limit`. For counting what a question
  // asks about and finding its first and last, which ranking would only slow down.
  std::vector<SearchHit> Matching(const std::string& user_id, const std::vector<std::string>& terms,
                                  const SearchFilter& filter, int limit) const;

  // Embeds up to `limit` documents without a current vector (of one user when `user_id` is set);
  // returns how many were embedded.
  int EmbedPending(int limit, const std::optional<std::string>& user_id = std::nullopt) const;

  // A thread that keeps embedding what is pending (checks every 200 ms).
  void StartBackground();
  void Stop();

  const ai::Embedder* embedder() const { return embedder_; }

 private:
  struct UserVectors;
  std::shared_ptr<const UserVectors> VectorsOf(const std::string& user_id) const;
  std::vector<RankedDoc> Semantic(const std::string& user_id, const std::vector<float>& query,
                                  const SearchFilter& filter, size_t limit) const;

  RecordStore& store_;
  const ai::Embedder* embedder_;
  const SearchFusion fusion_;

  mutable std::mutex cache_mu_;
  mutable std::unordered_map<std::string, std::shared_ptr<const UserVectors>> cache_;
  mutable size_t cached_rows_ = 0;

  std::mutex bg_mu_;
  std::condition_variable bg_cv_;
  bool stopping_ = false;
  std::thread background_;
};

}  // namespace chronotrail
