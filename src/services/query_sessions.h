// QuerySessions: what the previous question of a conversation was about, so a follow-up ("and
// the day before?", "show me the photos from there", "what about in 2019?") can reuse its time,
// place or subject. A session lives for an hour after its last question and belongs to one user:
// sessions are kept per (user, id), so the same id sent by another user is another session.
//
// Kept in the store (as JSON), not in the process: behind a load balancer the follow-up may
// reach another instance than the question, and a restart no longer forgets conversations.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
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

  bool operator==(const QueryContext&) const = default;
};

// The JSON a context is kept as, and back (nullopt for anything else).
std::string ContextToJson(const QueryContext& context);
std::optional<QueryContext> ContextFromJson(const std::string& json);

class QuerySessions {
 public:
  static constexpr Micros kLifetime = 3600LL * 1'000'000;

  explicit QuerySessions(RecordStore& store) : store_(store) {}

  // The context of `session_id` for `user_id`, when it exists and has not expired.
  std::optional<QueryContext> Find(const std::string& user_id, const std::string& session_id,
                                   Micros now) const;
  // Keeps `context` as the session's until an hour from `now`.
  void Save(const std::string& user_id, const std::string& session_id, const QueryContext& context,
            Micros now) const;

 private:
  RecordStore& store_;
};

}  // namespace chronotrail
