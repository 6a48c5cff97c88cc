#include "nlp/place_matcher.h"

#include <algorithm>
#include <array>

#include "nlp/text_fold.h"

namespace chronotrail::nlp {
namespace {

constexpr size_t kMaxPlaceWords = 5;
// A city without a capital letter or a cue must be at least this big to be meant as a city.
constexpr std::int64_t kLowerCaseCityPopulation = 50000;

// Small words inside capitalised place names: "Rio de Janeiro", "Stratford upon Avon".
bool IsConnector(std::string_view w) {
  static constexpr std::array<std::string_view, 22> kWords = {
      "de",   "da", "do",  "dos", "das", "del", "la",  "le",  "les", "el",  "of",
      "upon", "am", "sur", "en",  "y",   "di",  "van", "von", "der", "den", "on"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Every word capitalised, connectors excepted, and the first and last capitalised.
bool Capitalised(const std::vector<Word>& words, size_t first, size_t last) {
  if (!words[first].capitalized || !words[last - 1].capitalized) return false;
  for (size_t i = first; i < last; ++i) {
    if (!words[i].capitalized && !IsConnector(words[i].folded)) return false;
  }
  return true;
}

// "US", "UK", "UAE" name countries only in capitals; "us" and "uk" are words or typos.
bool CodeLike(const std::vector<Word>& words, size_t first, size_t last, const std::string& key) {
  return last - first == 1 && key.size() <= 3 && !words[first].upper;
}

// After a lower-case city name, a word that may follow a place ("went to lisbon last week"),
// unlike a noun that shows the name was an adjective ("went to nice restaurants").
bool EndsLowerCaseName(const std::vector<Word>& words, size_t at) {
  if (at >= words.size() || words[at].punct || words[at].number) return true;
  static constexpr std::array<std::string_view, 14> kAfter = {
      "last", "this",    "next",     "yesterday", "today", "tonight", "tomorrow",
      "ago",  "earlier", "recently", "again",     "ever",  "once",    "twice"};
  const std::string& w = words[at].folded;
  return IsStopword(w) || std::find(kAfter.begin(), kAfter.end(), w) != kAfter.end();
}

PlaceMatch Span(std::string_view text, const std::vector<Word>& words, size_t first, size_t last,
                PlaceKind kind) {
  PlaceMatch m;
  m.kind = kind;
  m.first_word = first;
  m.last_word = last;
  m.begin = words[first].begin;
  m.end = words[last - 1].end;
  m.text = std::string(text.substr(m.begin, m.end - m.begin));
  return m;
}

}  // namespace

GazetteerPlaceMatcher::GazetteerPlaceMatcher(const Gazetteer* gazetteer,
                                             const std::vector<std::string>& known_places)
    : gazetteer_(gazetteer) {
  for (const std::string& name : known_places) {
    std::string key = Fold(name);
    if (key.empty()) continue;
    known_.emplace(key, name);
    // "The Pantheon" is also asked about as "the Pantheon" after a cue that ate the article.
    if (key.rfind("the ", 0) == 0) known_.emplace(key.substr(4), name);
    // Prefixes of two words or more: "Blue Bottle" for "Blue Bottle Coffee".
    for (size_t space = key.find(' '); space != std::string::npos;
         space = key.find(' ', space + 1)) {
      std::string prefix = key.substr(0, space);
      if (prefix.find(' ') != std::string::npos) known_prefixes_.emplace(prefix, name);
    }
  }
}

std::optional<PlaceMatch> GazetteerPlaceMatcher::MatchAt(std::string_view text,
                                                         const std::vector<Word>& words,
                                                         size_t first,
                                                         const MatchContext& context) const {
  if (first >= words.size() || words[first].punct) return std::nullopt;
  size_t limit = first;
  while (limit < words.size() && !words[limit].punct && limit - first < kMaxPlaceWords) ++limit;
  for (size_t last = limit; last > first; --last) {
    // Names neither start nor end with a function word ("the gym", "Lisbon in").
    if (IsStopword(words[last - 1].folded) && !words[last - 1].capitalized) continue;
    if (auto m = Known(text, words, first, last, context)) return m;
    if (auto m = Geographic(text, words, first, last, context)) return m;
  }
  return std::nullopt;
}

std::optional<PlaceMatch> GazetteerPlaceMatcher::Known(std::string_view text,
                                                       const std::vector<Word>& words, size_t first,
                                                       size_t last,
                                                       const MatchContext& context) const {
  bool cued = context.cued;
  std::string key = JoinFolded(words, first, last);
  // One lower-case word needs a cue: "home" in "at home", not in "home made".
  bool plausible = last - first >= 2 || cued || words[first].capitalized;
  if (!plausible) return std::nullopt;
  const std::string* name = nullptr;
  if (auto it = known_.find(key); it != known_.end()) {
    name = &it->second;
  } else if (auto p = known_prefixes_.find(key); p != known_prefixes_.end()) {
    name = &p->second;
  }
  if (!name) return std::nullopt;
  PlaceMatch m = Span(text, words, first, last, PlaceKind::kKnown);
  m.known_name = *name;
  return m;
}

std::optional<PlaceMatch> GazetteerPlaceMatcher::Geographic(std::string_view text,
                                                            const std::vector<Word>& words,
                                                            size_t first, size_t last,
                                                            const MatchContext& context) const {
  bool cued = context.cued;
  if (!gazetteer_) return std::nullopt;
  if (IsStopword(words[first].folded) && !words[first].capitalized) return std::nullopt;
  std::string key = JoinFolded(words, first, last);
  if (NeverAPlace(key)) return std::nullopt;
  bool capitalised = Capitalised(words, first, last);
  // Countries first: "Mexico" is the country, although "Mexico City" would answer the name.
  if (const Country* country = gazetteer_->FindCountry(key)) {
    if (!CodeLike(words, first, last, key) && (capitalised || cued)) {
      PlaceMatch m = Span(text, words, first, last, PlaceKind::kCountry);
      m.country = country;
      return m;
    }
  }
  std::vector<const City*> cities = gazetteer_->FindByName(key);
  if (cities.empty()) return std::nullopt;
  size_t end = last;
  const Country* country = CountryAfter(words, last, end);
  const City* city = cities.front();
  std::string_view wanted = country ? std::string_view(country->code) : context.country_code;
  auto in_country = std::find_if(cities.begin(), cities.end(),
                                 [&](const City* c) { return c->country_code == wanted; });
  if (in_country != cities.end()) city = *in_country;
  if (!country && (!cued || (!capitalised && (city->population < kLowerCaseCityPopulation ||
                                              !EndsLowerCaseName(words, last))))) {
    return std::nullopt;
  }
  PlaceMatch m = Span(text, words, first, end, PlaceKind::kCity);
  m.city = city;
  m.country = country;
  return m;
}

// ", India" / ", UK" after a city name.
const Country* GazetteerPlaceMatcher::CountryAfter(const std::vector<Word>& words, size_t at,
                                                   size_t& end) const {
  if (at + 1 >= words.size() || words[at].folded != ",") return nullptr;
  size_t limit = at + 1;
  while (limit < words.size() && !words[limit].punct && limit - at <= 4) ++limit;
  for (size_t last = limit; last > at + 1; --last) {
    std::string key = JoinFolded(words, at + 1, last);
    const Country* c = gazetteer_->FindCountry(key);
    if (c && !CodeLike(words, at + 1, last, key) && words[at + 1].capitalized) {
      end = last;
      return c;
    }
  }
  return nullptr;
}

bool NeverAPlace(std::string_view folded) {
  static constexpr std::array<std::string_view, 24> kWords = {
      "christmas", "xmas",          "easter",    "halloween",  "thanksgiving", "hanukkah",
      "diwali",    "ramadan",       "eid",       "passover",   "new year",     "new years",
      "mom",       "mum",           "dad",       "mother",     "father",       "grandma",
      "grandpa",   "christmas eve", "valentine", "valentines", "mardi gras",   "carnival"};
  return std::find(kWords.begin(), kWords.end(), folded) != kWords.end();
}

}  // namespace chronotrail::nlp
