// Understanding a question about one's own timeline: "where did I have coffee last Tuesday?",
// "how long was I at the gym this week?", "did I go to Lisbon in 2019?", "show me the photos from
// the station". The result says what shape the answer has (Intent), which kinds of records may
// hold it, the time span, the places, and the words to search for. Retrieval and answering are
// the query route's; this is the pure reading of the text.
//
// ParseQuestion is a pure function of its arguments (the PlaceMatcher is read-only), safe from
// any thread. Decisions (docs/DESIGN-NOTES.md, "Understanding questions"):
//   - The time expression is found first (time_in_text.h, Tense::kPast) and its words take no
//     further part: "last Tuesday" is neither a keyword nor a place.
//   - `types` restricts only when the question names a kind of record ("photos", "voice memo",
//     "my notes"). "where did I have coffee" leaves it empty: the answer may be a visit's place,
//     a note or a photo's location. Words about being somewhere ("where", "visit", "went",
//     "been", "at the ...") instead put kVisit into `prefer`: rank visits first, keep the rest.
//   - Keywords keep place words ("gym", "lisbon"): records rarely carry coordinates only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/place_matcher.h"
#include "nlp/time_expression.h"

namespace chronotrail::nlp {

enum class Intent {
  kFind,       // find / list / show: the records themselves
  kWhere,      // a place
  kWhen,       // a date or time
  kWhenFirst,  // the earliest date: "when did I first...", "the first time I..."
  kWhenLast,   // the latest date: "when did I last...", "the last time I..."
  kWhat,       // a thing, from the records' content: "what did I eat for lunch on ..."
  kWho,        // people: "who did I talk to", "with whom did I have dinner"
  kYesNo,      // "did I...", "have I...", "was I...": answer starts with yes or no
  kHowMany,    // a count: "how many times", "how often"
  kHowLong,    // a duration: "how long", "how much time", "how many hours"
};

enum class RecordType { kVisit, kNote, kPhoto, kVoice };

// What the question wants done over the matching records, beyond the intent's answer shape.
enum class Aggregate {
  kNone,
  kMost,     // "the most", "most often", "favorite", "top": argmax
  kAverage,  // "on average", "average number of": mean per period
  kAll,      // "list all", "all the", "every": every distinct value, not the best one
};

struct Question {
  Intent intent = Intent::kFind;
  Aggregate aggregate = Aggregate::kNone;
  std::vector<RecordType> types;   // only these kinds of records; empty = all
  std::vector<RecordType> prefer;  // rank these first (see above)
  std::optional<TimeExpression> time;
  std::string time_text;                  // as written: "last tuesday"
  std::vector<std::string> places;        // place phrases as written: "Lisbon", "the gym"
  std::vector<PlaceMatch> place_matches;  // the same, with what each was recognised as
  std::vector<std::string> keywords;      // content words, folded lower-case, in question order
  std::vector<std::string> stems;         // Stem() of each keyword, same order
  std::vector<std::string> people;        // capitalised names that are not places: "Eva", "Riley"
  std::string subject;                    // the remaining core phrase: "have coffee"
};

// `places` may be null: then only places by position ("at the gym") are found.
Question ParseQuestion(std::string_view text, const TimeReference& reference,
                       const PlaceMatcher* places);

const char* IntentName(Intent intent);
const char* RecordTypeName(RecordType type);
const char* AggregateName(Aggregate aggregate);
// One JSON object with every field above; places as {"text","kind"[,"city","country",
// "latitude","longitude","radius_km"|"known_name"]}; time as TimeExpressionJson.
std::string QuestionJson(const Question& q);

}  // namespace chronotrail::nlp
