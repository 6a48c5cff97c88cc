// QuerySessions: what the previous question of a conversation was about, so a follow-up ("and
// the day before?", "show me the photos from there", "what about in 2019?") can reuse its time,
// place or subject. A session lives for an hour after its last question and belongs to one user:
// sessions are kept per (user, id), so the same id sent by another user is another session. Kept in
// memory: a restart forgets conversations, never records. Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model.h"
#include "storage/record_store.h"

namespace chronotrail {

struct QueryContext {
  TimeRange range;                       // the time the previous question asked about
  std::optional<SearchFilter::Box> box;  // its place, as a box
  std::vector<std::string> places;       // its place words
  std::vector<std::string> keywords;     // its subject
  std::vector<std::string> kinds;        // the record kinds it named
};

class QuerySessions {
 public:
  static constexpr Micros kLifetime = 3600LL * 1'000'000;
  static constexpr size_t kMaxSessions = 100'000;

  // The context of `session_id` for `user_id`, when it exists and has not expired.
  std::optional<QueryContext> Find(const std::string& user_id, const std::string& session_id,
                                   Micros now);
  void Save(const std::string& user_id, const std::string& session_id, QueryContext context,
            Micros now);

 private:
  struct Entry {
    QueryContext context;
    Micros expires_at = 0;
  };
  void DropExpired(Micros now);

  std::mutex mu_;
  std::unordered_map<std::string, Entry> sessions_;
};

}  // namespace chronotrail
