// Recognising place names in a question's words: cities and countries of the gazetteer and the
// user's own place names (the places their visits were recorded at). Question parsing decides
// where a place may start (after "in", "at", "went to"...: a cue) and asks the matcher there.
//
// PlaceMatcher is an interface so the query route can supply the user's names per request and
// tests can supply anything; GazetteerPlaceMatcher is the real one. Implementations are
// immutable after construction and safe to share between threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nlp/gazetteer.h"
#include "nlp/words.h"

namespace chronotrail::nlp {

enum class PlaceKind {
  kPhrase,   // a place only by its position: "the gym" in "at the gym"; text search, and
             // coordinates when `city` is set ("London Eye" is in London)
  kKnown,    // one of the user's own place names
  kCity,     // a gazetteer city: match by coordinates (centre + RadiusKm) as well as by text
  kCountry,  // a country: match coordinates by CountryAt / its box
};

struct PlaceMatch {
  PlaceKind kind = PlaceKind::kPhrase;
  std::string text;  // as written: "New Delhi, India", "the gym", "Blue Bottle"
  size_t begin = 0;  // byte span in the question
  size_t end = 0;
  size_t first_word = 0;  // word span [first_word, last_word) in SplitWords(question)
  size_t last_word = 0;
  std::string known_name;      // kKnown: the user's name as given ("Blue Bottle Coffee")
  const City* city = nullptr;  // kCity: the most populous of the name (in `country`, if named)
  const Country* country = nullptr;  // kCountry; for kCity, the country said after it, if any
};

// What the question around a candidate says.
struct MatchContext {
  // A place preposition or verb comes right before the candidate ("in", "at", "went to"), which
  // makes ordinary-looking single words acceptable: "went to nice" is still not Nice, "went to
  // Nice" is; "Nice" alone without a cue is not.
  bool cued = false;
  // A country the question names elsewhere ("Westminster ... during my trip to London, UK"): a
  // city name is read in it when it has a city of that name. Alpha-2, or empty.
  std::string_view country_code;
};

class PlaceMatcher {
 public:
  virtual ~PlaceMatcher() = default;
  // The longest place that starts at words[first], or nullopt. Only kKnown, kCity and kCountry
  // are returned.
  virtual std::optional<PlaceMatch> MatchAt(std::string_view text, const std::vector<Word>& words,
                                            size_t first, const MatchContext& context) const = 0;
};

class GazetteerPlaceMatcher : public PlaceMatcher {
 public:
  // `gazetteer` may be null (only the user's names are known) and must outlive the matcher.
  GazetteerPlaceMatcher(const Gazetteer* gazetteer, const std::vector<std::string>& known_places);

  std::optional<PlaceMatch> MatchAt(std::string_view text, const std::vector<Word>& words,
                                    size_t first, const MatchContext& context) const override;

 private:
  std::optional<PlaceMatch> Known(std::string_view text, const std::vector<Word>& words,
                                  size_t first, size_t last, const MatchContext& context) const;
  std::optional<PlaceMatch> Geographic(std::string_view text, const std::vector<Word>& words,
                                       size_t first, size_t last,
                                       const MatchContext& context) const;
  const Country* CountryAfter(const std::vector<Word>& words, size_t at, size_t& end) const;

  const Gazetteer* gazetteer_;
  std::unordered_map<std::string, std::string> known_;  // folded name -> as given
  // The folded first 2+ words of known names -> the name: "blue bottle" -> "Blue Bottle Coffee".
  std::unordered_map<std::string, std::string> known_prefixes_;
};

// Words that look like place names after a cue but name times or people: holidays ("from
// Christmas": Christmas, Florida), family ("at Mom's").
bool NeverAPlace(std::string_view folded);

}  // namespace chronotrail::nlp
