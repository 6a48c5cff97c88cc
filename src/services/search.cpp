#include "services/search.h"

#include <algorithm>
#include <future>
#include <unordered_map>
#include <unordered_set>

#include "ai/vector_codec.h"
#include "core/error.h"
#include "core/log.h"

namespace chronotrail {
namespace {

constexpr double kRrfK = 60;
// How many candidates each list contributes to the fusion.
constexpr int kCandidates = 100;
// The cache holds at most this many vectors in all (about 500 MB at 512 dimensions).
constexpr size_t kMaxCachedRowsTotal = 1'000'000;

bool Passes(const SearchFilter& f, const std::string& kind, Micros t,
            const std::optional<Coordinates>& where) {
  if (f.range.from && t < *f.range.from) return false;
  if (f.range.to && t > *f.range.to) return false;
  if (!f.kinds.empty() && std::find(f.kinds.begin(), f.kinds.end(), kind) == f.kinds.end()) {
    return false;
  }
  if (f.box) {
    if (!where) return false;
    if (where->latitude < f.box->min_latitude || where->latitude > f.box->max_latitude) {
      return false;
    }
    bool wraps = f.box->min_longitude > f.box->max_longitude;
    bool inside = wraps ? (where->longitude >= f.box->min_longitude ||
                           where->longitude <= f.box->max_longitude)
                        : (where->longitude >= f.box->min_longitude &&
                           where->longitude <= f.box->max_longitude);
    if (!inside) return false;
  }
  return true;
}

// The non-empty terms, each once, in their order.
std::vector<std::string> DistinctTerms(const std::vector<std::string>& terms) {
  std::vector<std::string> distinct;
  for (const std::string& t : terms) {
    if (!t.empty() && std::find(distinct.begin(), distinct.end(), t) == distinct.end()) {
      distinct.push_back(t);
    }
  }
  return distinct;
}

}  // namespace

// One user's document vectors, decoded once: row i of `table` is docs[i].
struct SearchService::UserVectors {
  explicit UserVectors(int dimensions) : table(dimensions) {}
  std::int64_t revision = 0;
  std::vector<DocVector> docs;  // `vector` emptied once decoded
  ai::VectorTable table;
};

SearchService::SearchService(RecordStore& store, const ai::Embedder* embedder, SearchFusion fusion)
    : store_(store), embedder_(embedder), fusion_(fusion) {}

SearchService::~SearchService() {
  Stop();
}

void SearchService::StartBackground() {
  if (!embedder_ || background_.joinable()) return;
  background_ = std::thread([this] {
    std::unique_lock lock(bg_mu_);
    while (!stopping_) {
      lock.unlock();
      int done = 0;
      try {
        done = EmbedPending(64);
      } catch (const std::exception& e) {
        Log(LogLevel::kWarn, "embedding_failed", {{"error", e.what()}});
      }
      lock.lock();
      if (done == 0) bg_cv_.wait_for(lock, std::chrono::milliseconds(200));
    }
  });
}

void SearchService::Stop() {
  {
    std::lock_guard lock(bg_mu_);
    stopping_ = true;
  }
  bg_cv_.notify_all();
  if (background_.joinable()) background_.join();
}

int SearchService::EmbedPending(int limit, const std::optional<std::string>& user_id) const {
  if (!embedder_) return 0;
  std::vector<UnembeddedDoc> docs = store_.UnembeddedDocs(embedder_->Id(), user_id, limit);
  if (docs.empty()) return 0;
  std::vector<std::string> texts;
  texts.reserve(docs.size());
  for (const UnembeddedDoc& d : docs) texts.push_back(d.body);
  std::vector<std::vector<float>> vectors = embedder_->Embed(texts);
  std::vector<std::pair<UnembeddedDoc, std::string>> rows;
  rows.reserve(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    rows.emplace_back(std::move(docs[i]), ai::EncodeVectorBlob(vectors[i]));
  }
  store_.SetDocVectors(embedder_->Id(), rows);
  return static_cast<int>(rows.size());
}

std::shared_ptr<const SearchService::UserVectors> SearchService::VectorsOf(
    const std::string& user_id) const {
  std::int64_t revision = store_.SearchRevision(user_id);
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(user_id);
    if (it != cache_.end() && it->second->revision == revision) return it->second;
  }
  auto loaded = std::make_shared<UserVectors>(embedder_->Dimensions());
  loaded->revision = revision;
  loaded->docs = store_.DocVectors(user_id, embedder_->Id());
  std::vector<DocVector> kept;
  kept.reserve(loaded->docs.size());
  for (DocVector& d : loaded->docs) {
    std::optional<ai::QuantizedVector> q =
        ai::DecodeVectorBlob(d.vector, loaded->table.dimensions());
    if (!q) continue;  // not of this dimension: re-embedded in time
    loaded->table.Add(*q);
    d.vector.clear();
    d.vector.shrink_to_fit();
    kept.push_back(std::move(d));
  }
  loaded->docs = std::move(kept);
  std::lock_guard lock(cache_mu_);
  auto& slot = cache_[user_id];
  if (slot) cached_rows_ -= slot->docs.size();
  // A crude bound on memory: when the cache is full, start again (users' next searches reload).
  if (cached_rows_ + loaded->docs.size() > kMaxCachedRowsTotal) {
    cache_.clear();
    cached_rows_ = 0;
  }
  if (loaded->docs.size() <= kMaxCachedRowsTotal) {
    cache_[user_id] = loaded;
    cached_rows_ += loaded->docs.size();
  }
  return loaded;
}

std::vector<RankedDoc> SearchService::Semantic(const std::string& user_id,
                                               const std::vector<float>& query,
                                               const SearchFilter& filter, size_t limit) const {
  // A store with vector search of its own (pgvector) ranks in the database; the others hand over
  // their vectors for the scan below.
  if (std::optional<std::vector<SearchHit>> nearest =
          store_.NearestDocs(user_id, embedder_->Id(), query, filter, static_cast<int>(limit))) {
    std::vector<RankedDoc> out;
    out.reserve(nearest->size());
    for (SearchHit& h : *nearest) {
      out.push_back({std::move(h.record_id), std::move(h.kind), h.timestamp, 0, 0, h.score});
    }
    return out;
  }
  std::shared_ptr<const UserVectors> vectors = VectorsOf(user_id);
  std::vector<RankedDoc> out;
  for (const ai::ScoredIndex& best : vectors->table.TopK(query, limit, [&](size_t i) {
         const DocVector& d = vectors->docs[i];
         return Passes(filter, d.kind, d.timestamp, d.coordinates);
       })) {
    const DocVector& d = vectors->docs[best.index];
    out.push_back({d.record_id, d.kind, d.timestamp, 0, 0, best.score});
  }
  return out;
}

std::vector<SearchHit> SearchService::Matching(const std::string& user_id,
                                               const std::vector<std::string>& terms,
                                               const SearchFilter& filter, int limit) const {
  std::vector<std::string> distinct = DistinctTerms(terms);
  if (distinct.empty()) return {};
  std::vector<SearchHit> hits =
      store_.MatchingDocs(user_id, distinct, TermMatch::kAll, filter, limit);
  if (hits.empty() && distinct.size() > 1) {
    hits = store_.MatchingDocs(user_id, distinct, TermMatch::kAny, filter, limit);
  }
  return hits;
}

std::vector<SearchHit> SearchService::Lexical(const std::string& user_id,
                                              const std::vector<std::string>& terms,
                                              const SearchFilter& filter, int limit) const {
  std::vector<std::string> distinct = DistinctTerms(terms);
  if (distinct.size() < 2)
    return store_.SearchText(user_id, distinct, TermMatch::kAny, filter, limit);
  std::vector<SearchHit> hits =
      store_.SearchText(user_id, distinct, TermMatch::kAll, filter, limit);
  if (hits.size() >= static_cast<size_t>(limit)) return hits;
  std::unordered_set<std::string> have;
  for (const SearchHit& h : hits) have.insert(h.record_id);
  for (SearchHit& h : store_.SearchText(user_id, distinct, TermMatch::kAny, filter, limit)) {
    if (hits.size() >= static_cast<size_t>(limit)) break;
    if (!have.count(h.record_id)) hits.push_back(std::move(h));
  }
  return hits;
}

std::vector<RankedDoc> SearchService::Search(const std::string& user_id,
                                             const SearchRequest& request) const {
  // The two lists are independent: the words' list is made on another thread while this one
  // embeds the question and scans the vectors (a question takes the longer of the two, not both).
  bool any_term = std::any_of(request.terms.begin(), request.terms.end(),
                              [](const std::string& t) { return !t.empty(); });
  std::future<std::vector<SearchHit>> lexical_list;
  if (any_term || (request.meaning.empty() && request.newest_when_empty)) {
    lexical_list = std::async(std::launch::async, [&] {
      return Lexical(user_id, request.terms, request.filter, std::max(kCandidates, request.limit));
    });
  }
  std::vector<RankedDoc> semantic;
  if (embedder_ && !request.meaning.empty()) {
    // A remote embedder that fails leaves the question to its words (the vectors still pending
    // are made later by the background thread).
    try {
      EmbedPending(2000, user_id);  // what this user wrote a moment ago
      std::vector<float> query = embedder_->Embed({request.meaning}).front();
      semantic = Semantic(user_id, query, request.filter, kCandidates);
    } catch (const ApiError& e) {
      Log(LogLevel::kWarn, "search_by_meaning_failed",
          {{"embedder", embedder_->Id()}, {"error", e.what()}, {"effect", "search by words"}});
    }
  }
  std::vector<SearchHit> lexical;
  if (lexical_list.valid()) lexical = lexical_list.get();
  // Weighted: a list's scores over its best (a list without scores, the newest first, counts
  // by rank instead), half each.
  double best_lexical = 0;
  for (const SearchHit& h : lexical) best_lexical = std::max(best_lexical, h.score);
  auto lexical_part = [&](size_t r) {
    if (fusion_ == SearchFusion::kReciprocalRank) return 1.0 / (kRrfK + static_cast<double>(r + 1));
    double v = best_lexical > 0
                   ? lexical[r].score / best_lexical
                   : 1.0 - static_cast<double>(r) / static_cast<double>(lexical.size());
    return 0.5 * v;
  };
  auto semantic_part = [&](size_t r) {
    if (fusion_ == SearchFusion::kReciprocalRank) return 1.0 / (kRrfK + static_cast<double>(r + 1));
    return 0.5 * std::max(0.0, semantic[r].similarity);
  };
  std::unordered_map<std::string, RankedDoc> fused;
  for (size_t r = 0; r < lexical.size(); ++r) {
    const SearchHit& h = lexical[r];
    RankedDoc& d = fused[h.record_id];
    d.record_id = h.record_id;
    d.kind = h.kind;
    d.timestamp = h.timestamp;
    d.lexical = h.score;
    d.score += lexical_part(r);
  }
  for (size_t r = 0; r < semantic.size(); ++r) {
    const RankedDoc& s = semantic[r];
    RankedDoc& d = fused[s.record_id];
    if (d.record_id.empty()) {
      d.record_id = s.record_id;
      d.kind = s.kind;
      d.timestamp = s.timestamp;
    }
    d.similarity = s.similarity;
    d.score += semantic_part(r);
  }
  std::vector<RankedDoc> out;
  out.reserve(fused.size());
  for (auto& [id, doc] : fused) out.push_back(std::move(doc));
  std::sort(out.begin(), out.end(), [](const RankedDoc& a, const RankedDoc& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.similarity != b.similarity) return a.similarity > b.similarity;
    return a.record_id < b.record_id;
  });
  if (out.size() > static_cast<size_t>(request.limit)) out.resize(request.limit);
  return out;
}

}  // namespace chronotrail
