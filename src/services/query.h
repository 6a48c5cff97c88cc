// QueryService: a question in plain English about one's own timeline, answered from the user's
// records only.
//
//   1. Understand (src/nlp): intent, kinds of records, the time range (in the user's time zone),
//      places (the gazetteer's cities and countries, the user's own place names) and keywords.
//      A follow-up in the same session reuses what the previous question left unsaid.
//   2. Retrieve (SearchService): hybrid lexical + semantic search restricted by time, kind and
//      place, within the tier's history window (a cut is said in the answer).
//   3. Answer (answer_writer.h): an extractive sentence for the intent, from the best sources;
//      with a chat model configured, worded by it from those sources (sourced_answer.h).
//
// Each question counts against the tier's daily query limit once answered.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ai/chat_model.h"
#include "core/validation.h"
#include "nlp/gazetteer.h"
#include "services/answer_writer.h"
#include "services/query_sessions.h"
#include "services/search.h"
#include "services/usage.h"

namespace chronotrail {

struct QueryInput {
  FieldErrors errors;
  std::optional<std::string> query;
  std::optional<std::string> session_id;
  std::optional<std::string> timezone;  // IANA; default: the profile's, else UTC
};

// A photo or voice note among the sources, for the app to open.
struct MediaReference {
  std::string media_id;
  std::string media_type;  // "photo" | "voice"
  std::string description;
  Micros timestamp = 0;
  Place place;
};

// How the question was read, shown to the user.
struct QueryInterpretation {
  SearchScope scope;
  std::vector<std::string> types;
  std::string intent;
  std::string timezone;
};

struct QueryAnswer {
  std::string answer;
  std::vector<QuerySource> sources;
  std::vector<MediaReference> media;
  std::string session_id;
  Micros timestamp = 0;
  QueryInterpretation interpretation;
};

class QueryService {
 public:
  // `gazetteer` may be null (no city or country names); `writer` may be null (extractive
  // answers only, the default). Both must outlive the service.
  QueryService(RecordStore& store, const SearchService& search, const UsageService& usage,
               const nlp::Gazetteer* gazetteer, const Clock& clock,
               const ai::ChatModel* writer = nullptr)
      : store_(store),
        search_(search),
        usage_(usage),
        gazetteer_(gazetteer),
        clock_(clock),
        writer_(writer),
        sessions_(store) {}

  Counted<QueryAnswer> Ask(const User& user, QueryInput input) const;

 private:
  // The records behind search results, as sources (records deleted meanwhile are skipped).
  std::vector<QuerySource> Load(const std::string& user_id,
                                const std::vector<RankedDoc>& docs) const;
  // `hits` (matched by their words) as sources for counting, read in full only where the answer
  // needs it (AnswerContext): the earliest, the latest, and with `visits_in_full` the visits.
  std::vector<QuerySource> LoadMatches(const std::string& user_id,
                                       const std::vector<SearchHit>& hits,
                                       bool visits_in_full) const;

  RecordStore& store_;
  const SearchService& search_;
  const UsageService& usage_;
  const nlp::Gazetteer* gazetteer_;
  const Clock& clock_;
  const ai::ChatModel* writer_;
  QuerySessions sessions_;
};

}  // namespace chronotrail
