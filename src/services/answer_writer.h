// Extractive answers: a sentence built for the question's intent from the facts of the best
// sources, and nothing else ("On Tue 12 Mar 2024 at 09:14 you were at Blue Bottle Coffee, 123
// Main St, for 25 minutes."; "Yes — on 31 Aug 2015 you noted: …"; "4 times in March: …";
// "2 h 35 min in total this week"). With nothing found it says so, and what was searched. Pure
// functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "nlp/question.h"

namespace chronotrail {

// One record found for a question, as the answer and the response show it.
struct QuerySource {
  std::string id;
  std::string type;     // "visit", "note", "photo", "voice"
  std::string content;  // the record's words: note text, visit place and description, media text
  Micros timestamp = 0;
  double score = 0;
  Place place;
  std::optional<std::int64_t> duration_minutes;  // visits
  std::optional<std::string> description;        // visits, photos and voice notes
  bool lexical = false;                          // found by its words (not only by meaning)
  double similarity = -1;
};

// What was searched, for the answer's "I found nothing …" and for the response.
struct SearchScope {
  std::optional<Micros> from;  // inclusive
  std::optional<Micros> to;    // inclusive
  std::string time_text;       // as the question said it ("last tuesday"), or ""
  std::vector<std::string> places;
  std::vector<std::string> keywords;
  std::optional<Micros> history_cut;  // the tier's window cut the search at this instant
};

struct AnswerContext {
  nlp::Intent intent = nlp::Intent::kFind;
  int offset_minutes = 0;  // the user's UTC offset, for dates and times
  SearchScope scope;
  // For counts and totals: every matching record in scope, not only the top sources. Only the
  // earliest, the latest and the visits (their durations) are read in full; the others carry
  // their id, type, time and whether their words matched.
  std::vector<QuerySource> all_matches;
  bool all_matches_cut = false;  // there were more than these: the count is a lower bound
};

// `sources` best first.
std::string WriteAnswer(const AnswerContext& context, const std::vector<QuerySource>& sources);

// "Tue 12 Mar 2024" and "09:14" for an instant seen at `offset_minutes`.
std::string FormatDay(Micros t, int offset_minutes);
std::string FormatClock(Micros t, int offset_minutes);

}  // namespace chronotrail
