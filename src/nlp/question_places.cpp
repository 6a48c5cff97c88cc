#include "nlp/question_places.h"

#include <algorithm>
#include <initializer_list>
#include <optional>

namespace chronotrail::nlp {
namespace {

constexpr size_t kMaxPhraseWords = 8;
// A landmark phrase that starts with a city's name keeps the city only when the city is big
// enough to be the one meant ("London Eye", not "Tower of London" -> Tower, Minnesota).
constexpr std::int64_t kLandmarkCityPopulation = 100000;

bool OneOf(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool IsDeterminer(std::string_view w) {
  return OneOf(w, {"the", "a", "an", "my", "our", "his", "her", "their", "your", "this", "that"});
}

bool IsMotion(std::string_view w) {
  return OneOf(
      w, {"go",       "goes",     "going",     "gone",      "went",       "been",    "travel",
          "travels",  "traveled", "travelled", "traveling", "travelling", "trip",    "trips",
          "flight",   "flew",     "fly",       "flying",    "drive",      "drove",   "driving",
          "walk",     "walked",   "moved",     "move",      "come",       "came",    "return",
          "returned", "back",     "way",       "head",      "headed",     "get",     "got",
          "ride",     "rode",     "commute",   "journey",   "vacation",   "holiday", "run",
          "ran",      "cycled",   "biked",     "visit",     "take",       "took",    "bring",
          "brought"});
}

bool IsPhotoWord(std::string_view w) {
  return OneOf(w, {"photo", "photos", "picture", "pictures", "pic", "pics", "image", "images",
                   "snaps", "snapshots", "selfies", "video", "videos"});
}

enum class Cue { kNone, kNameOnly, kAt, kIn, kFrom, kTo, kVisit };

Cue CueBefore(const std::vector<Word>& words, const std::vector<bool>& skip, size_t i) {
  if (i == 0 || words[i - 1].punct || skip[i - 1]) return Cue::kNone;
  const std::string& w = words[i - 1].folded;
  if (OneOf(w, {"at", "near", "around", "inside", "outside", "nearby"})) return Cue::kAt;
  if (w == "in") return Cue::kIn;
  if (w == "from") return Cue::kFrom;
  if (OneOf(w, {"visit", "visited", "visiting", "visits"})) return Cue::kVisit;
  if (w == "of" && i >= 2 && IsPhotoWord(words[i - 2].folded)) return Cue::kNameOnly;
  if (w == "to" || w == "into") {
    // A word of motion among the few words before: "went with Ana to", "trip to", "been to".
    for (size_t k = i - 1, seen = 0; k-- > 0 && seen < 4; ++seen) {
      if (words[k].punct) break;
      if (IsMotion(words[k].folded)) return Cue::kTo;
    }
  }
  return Cue::kNone;
}

// Words that end a place phrase besides function words and punctuation.
bool EndsPhrase(const Word& w) {
  return IsStopword(w.folded) ||
         OneOf(w.folded, {"last",    "first",   "recently", "lately",   "often", "usually",
                          "again",   "ever",    "alone",    "together", "twice", "yesterday",
                          "today",   "tonight", "tomorrow", "most",     "least", "anymore",
                          "already", "yet",     "still",    "&"});
}

// "in total", "at least", "in the end": idioms whose next word is not a place.
bool RefusedHead(Cue cue, std::string_view head) {
  switch (cue) {
    case Cue::kIn:
      return OneOf(
          head, {"total",    "general",  "person",    "time",       "order",  "fact",  "case",
                 "advance",  "public",   "private",   "particular", "front",  "love",  "touch",
                 "charge",   "line",     "mind",      "past",       "future", "end",   "meantime",
                 "middle",   "morning",  "afternoon", "evening",    "night",  "row",   "common",
                 "addition", "detail",   "short",     "full",       "half",   "part",  "return",
                 "turn",     "late",     "early",     "mid",        "year",   "years", "month",
                 "months",   "week",     "weeks",     "day",        "days",   "photo", "photos",
                 "picture",  "pictures", "note",      "notes",      "total"});
    case Cue::kAt:
      return OneOf(head,
                   {"all",   "least",    "most",      "first",   "last",    "once",   "night",
                    "noon",  "midnight", "dawn",      "dusk",    "lunch",   "dinner", "breakfast",
                    "times", "random",   "ease",      "risk",    "same",    "time",   "moment",
                    "end",   "start",    "beginning", "weekend", "weekends"});
    case Cue::kFrom:
      return OneOf(head, {"start", "beginning", "end", "time", "scratch", "memory"});
    default:
      return false;
  }
}

// Nouns that are places without an article: "in bed", "from home", "in town".
bool BarePlace(std::string_view w) {
  return OneOf(w, {"home",         "bed",     "town",   "hospital",  "school",   "church",
                   "class",        "work",    "jail",   "prison",    "college",  "university",
                   "office",       "camp",    "court",  "hotel",     "downtown", "uptown",
                   "kindergarten", "daycare", "gym",    "mass",      "practice", "rehab",
                   "yoga",         "temple",  "mosque", "synagogue", "uni"});
}

// Inside a capitalised name, a small word between capitals ("Museum of Art", "Wang & Na"), or
// an apostrophe inside a word ("Man’Ouché", "McDonald's").
bool JoinsName(const std::vector<Word>& words, size_t j, size_t start) {
  if (j <= start || j + 1 >= words.size()) return false;
  const Word &before = words[j - 1], &w = words[j], &after = words[j + 1];
  bool apostrophe = w.folded == "'" || w.folded == "\u2019";
  if (apostrophe) return before.end == w.begin && w.end == after.begin && !after.punct;
  return before.capitalized && after.capitalized && OneOf(w.folded, {"of", "the", "de", "on", "&"});
}

// The words after a cue up to the next function word: "the gym", "Connaught Place".
std::optional<PlaceMatch> PlacePhrase(std::string_view text, const std::vector<Word>& words,
                                      const std::vector<bool>& skip, size_t from, size_t start,
                                      Cue cue) {
  if (cue == Cue::kNone || cue == Cue::kNameOnly) return std::nullopt;
  size_t j = start;
  while (j < words.size() && j - start < kMaxPhraseWords && !skip[j] &&
         ((!words[j].punct && !EndsPhrase(words[j])) || JoinsName(words, j, start))) {
    ++j;
  }
  bool article = from < start, capital = words[start].capitalized;
  if (j == start || words[start].number || NeverAPlace(words[start].folded) ||
      (!capital && RefusedHead(cue, words[start].folded))) {
    return std::nullopt;
  }
  // A bare lower-case word is a place only if it is one of the usual ones: "went to work" but
  // not "went to visit", "at home" but not "at dinner".
  bool bare_ok = cue != Cue::kVisit && BarePlace(words[start].folded);
  if (!(article || capital || bare_ok)) return std::nullopt;
  PlaceMatch m;
  m.first_word = from;
  m.last_word = j;
  m.begin = words[from].begin;
  m.end = words[j - 1].end;
  m.text = std::string(text.substr(m.begin, m.end - m.begin));
  return m;
}

bool Overlaps(const PlaceMatch& m, const std::vector<bool>& skip) {
  for (size_t k = m.first_word; k < m.last_word; ++k) {
    if (skip[k]) return true;
  }
  return false;
}

// One pass over the question; `country_code` as in MatchContext.
std::vector<PlaceMatch> Scan(std::string_view text, const std::vector<Word>& words,
                             const std::vector<bool>& skip, const PlaceMatcher* matcher,
                             std::string_view country_code) {
  std::vector<PlaceMatch> out;
  size_t i = 0;
  size_t chained = words.size();  // the word after "and"/"or" that follows a place
  while (i < words.size()) {
    if (words[i].punct || skip[i]) {
      ++i;
      continue;
    }
    Cue cue = i == chained ? Cue::kAt : CueBefore(words, skip, i);
    size_t start = i;
    if (cue != Cue::kNone && IsDeterminer(words[i].folded) && i + 1 < words.size() &&
        !words[i + 1].punct && !skip[i + 1]) {
      start = i + 1;
    }
    std::optional<PlaceMatch> m;
    if (matcher) m = matcher->MatchAt(text, words, start, {cue != Cue::kNone, country_code});
    if (m && Overlaps(*m, skip)) m.reset();
    if (auto phrase = PlacePhrase(text, words, skip, i, start, cue)) {
      if (!m) {
        m = phrase;
      } else if (m->kind != PlaceKind::kKnown && phrase->last_word > m->last_word) {
        // "London Eye", "Tower of London": a longer name that starts like a city or country.
        if (m->city && m->city->population >= kLandmarkCityPopulation) {
          phrase->city = m->city;
          phrase->country = m->country;
        }
        m = phrase;
      }
    }
    // "at Starbucks and Blue Bottle", "the Colosseum and the Arch of Constantine".
    if (m && m->last_word + 1 < words.size() &&
        OneOf(words[m->last_word].folded, {"and", "or", ","}) && !skip[m->last_word]) {
      chained = m->last_word + 1;
    }
    if (!m) {
      ++i;
      continue;
    }
    i = m->last_word;
    out.push_back(std::move(*m));
  }
  return out;
}

}  // namespace

std::vector<PlaceMatch> FindPlaces(std::string_view text, const std::vector<Word>& words,
                                   const std::vector<bool>& skip, const PlaceMatcher* matcher) {
  std::vector<PlaceMatch> out = Scan(text, words, skip, matcher, "");
  // A country said anywhere ("... during my trip to London, UK") decides which of several
  // same-named cities the others are: read the question again in it.
  for (const PlaceMatch& m : out) {
    if (!m.country) continue;
    for (const PlaceMatch& other : out) {
      if (other.city && !other.country && other.city->country_code != m.country->code) {
        return Scan(text, words, skip, matcher, m.country->code);
      }
    }
    break;
  }
  return out;
}

}  // namespace chronotrail::nlp
