#include "nlp/time_in_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "nlp/time_lexicon.h"
#include "nlp/words.h"

namespace chronotrail::nlp {
namespace {

// A window of up to this many words (punctuation included: "2011/07/08" is five) is tried.
constexpr size_t kMaxWindow = 16;

bool HasDigit(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return std::isdigit((unsigned char)c); });
}

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool IsAbbreviation(std::string_view w) {
  static constexpr std::array<std::string_view, 20> kWords = {
      "sun", "sat", "wed", "mon", "tue", "thu", "fri", "jan", "feb",  "mar",
      "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "sept", "thurs"};
  return In(kWords, w);
}

// "may", "march", "sun", "sat", "fall", "spring" are ordinary words more often than times: they
// anchor a window only as names ("in May"), after a word that introduces a time ("in may",
// "last sat") or next to a number ("may 5").
bool WeakAnchorHolds(const std::vector<Word>& words, size_t i, bool first_word) {
  const Word& w = words[i];
  if (w.capitalized && !first_word && !IsAbbreviation(w.folded)) return true;
  if (i + 1 < words.size() && words[i + 1].number) return true;
  if (i == 0 || words[i - 1].punct) return false;
  static constexpr std::array<std::string_view, 16> kIntroducers = {
      "in",    "during", "since", "until", "till",   "last",  "next", "this",
      "early", "late",   "mid",   "of",    "before", "after", "by",   "on"};
  const std::string& before = words[i - 1].folded;
  bool season = w.folded == "fall" || w.folded == "spring";  // "in the spring"
  return In(kIntroducers, before) || words[i - 1].number || (season && before == "the");
}

// Words without which no window is worth parsing.
bool IsAnchor(const std::vector<Word>& words, size_t i, bool first_word) {
  static constexpr std::array<std::string_view, 31> kAnchors = {
      "today",  "yesterday", "tomorrow", "tonight", "now",  "morning", "afternoon", "evening",
      "night",  "noon",      "midnight", "midday",  "week", "weeks",   "weekend",   "weekends",
      "month",  "months",    "year",     "years",   "day",  "days",    "ago",       "summer",
      "winter", "autumn",    "quarter",  "am",      "pm",   "clock",   "hours"};
  const Word& w = words[i];
  if (w.punct) return false;
  if (HasDigit(w.folded)) return true;
  if (IsAbbreviation(w.folded) || w.folded == "may" || w.folded == "march" || w.folded == "fall" ||
      w.folded == "spring") {
    return WeakAnchorHolds(words, i, first_word);
  }
  return In(kAnchors, w.folded) || MonthValue(w.folded) || WeekdayValue(w.folded);
}

// Meals are what a question is about ("what did I eat for lunch"), though the time grammar
// reads "lunch" as 12:00-14:00; a window holding one is not taken.
bool IsMeal(std::string_view w) {
  return w == "breakfast" || w == "lunch" || w == "dinner" || w == "brunch" || w == "supper" ||
         w == "lunchtime" || w == "dinnertime";
}

// A one-word window that is more often an ordinary word: "may I", "did I march", "the sun",
// "a fall", "spring water", "sat down". May and March count when written as names mid-sentence.
bool AmbiguousAlone(const Word& w, bool first_word) {
  if (w.folded == "may" || w.folded == "march") return !w.capitalized || first_word;
  if (IsAbbreviation(w.folded) || w.folded == "fall" || w.folded == "spring") return true;
  if (w.folded == "now") return true;
  // "Nuts 4 Nuts", "3-ingredient", "Night Market", "morning coffee": no latent readings.
  if (w.number && w.end - w.begin != 4) return true;
  if (w.folded == "night" || w.folded == "morning" || w.folded == "evening" ||
      w.folded == "afternoon") {
    return true;
  }
  return false;
}

// Words that put the reading in the future on purpose; such a reading is kept as said.
bool SaysFuture(const std::vector<Word>& words, size_t first, size_t last) {
  static constexpr std::array<std::string_view, 10> kFuture = {
      "next",  "tomorrow", "coming",  "upcoming", "hence",
      "later", "today",    "tonight", "this",     "following"};
  for (size_t i = first; i < last; ++i) {
    const std::string& w = words[i].folded;
    if (In(kFuture, w)) return true;
    if (w == "from" && i + 1 < last && words[i + 1].folded == "now") return true;
    if (w == "in" && i + 1 < last) {
      const std::string& n = words[i + 1].folded;
      if (words[i + 1].number || n == "a" || n == "an" || n == "few" || n == "couple" ||
          NumberWordValue(n) || TensWordValue(n)) {
        return true;
      }
    }
  }
  return false;
}

std::optional<LocalSeconds> Start(const TimeExpression& e) {
  switch (e.kind) {
    case TimeKind::kInstant:
      return e.value;
    case TimeKind::kInterval:
    case TimeKind::kOpenAfter:
      return e.from;
    default:
      return std::nullopt;
  }
}

// The past reading of a phrase that, read as said, starts after now (see the header).
TimeExpression PastReading(std::string_view phrase, const TimeExpression& as_said,
                           const TimeReference& reference) {
  LocalSeconds now = reference.utc_seconds + std::int64_t(reference.offset_minutes) * 60;
  std::optional<LocalSeconds> start = Start(as_said);
  if (!start || *start <= now) return as_said;
  for (std::int64_t days : {1, 7, 31, 366}) {
    TimeReference earlier{reference.utc_seconds - days * 86400, reference.offset_minutes};
    TimeExpression e = ParseTimeExpression(phrase, earlier);
    std::optional<LocalSeconds> s = Start(e);
    if (s && *s <= now) {
      e.offset_minutes = reference.offset_minutes;
      return e;
    }
  }
  return as_said;
}

bool IsSeason(std::string_view w) {
  return w == "summer" || w == "winter" || w == "spring" || w == "fall" || w == "autumn";
}

// The words [first, last) as the time parser should read them: "June of 2018" -> "June 2018",
// "summer of 2019" -> "summer 2019" and "year 2019" -> "2019", forms the grammar does not know.
std::string Phrase(std::string_view text, const std::vector<Word>& words, size_t first,
                   size_t last) {
  auto year_at = [&](size_t k) {
    return k < last && words[k].number && words[k].end - words[k].begin == 4;
  };
  std::string out;
  size_t cursor = words[first].begin;
  for (size_t k = first; k < last; ++k) {
    bool drop = (words[k].folded == "of" && k > first && year_at(k + 1) &&
                 (MonthValue(words[k - 1].folded) || IsSeason(words[k - 1].folded))) ||
                (words[k].folded == "year" && year_at(k + 1));
    if (!drop) continue;
    out.append(text.substr(cursor, words[k].begin - cursor));
    cursor = words[k].end;
  }
  out.append(text.substr(cursor, words[last - 1].end - cursor));
  return out;
}

// "3 days ago" -> that day: the unit named before "ago", when it is a day or longer.
TimeExpression WholeUnitAgo(const std::vector<Word>& words, size_t last, TimeExpression e) {
  if (e.kind != TimeKind::kInstant || last < 2 || words[last - 1].folded != "ago") return e;
  std::optional<Grain> unit = UnitValue(words[last - 2].folded);
  if (!unit || *unit < Grain::kDay) return e;
  e.value = Truncate(e.value, *unit);
  e.grain = *unit;
  return e;
}

std::string Without(std::string_view text, size_t begin, size_t end) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  std::string_view left = text.substr(0, begin), right = text.substr(end);
  while (!left.empty() && is_space(left.back())) left.remove_suffix(1);
  while (!right.empty() && is_space(right.front())) right.remove_prefix(1);
  std::string out(left);
  if (!left.empty() && !right.empty() && std::isalnum(static_cast<unsigned char>(right[0]))) {
    out.push_back(' ');
  }
  out += right;
  return out;
}

}  // namespace

TimeInText FindTimeExpression(std::string_view text, const TimeReference& reference, Tense tense) {
  TimeInText out;
  out.time.offset_minutes = reference.offset_minutes;
  out.rest = std::string(text);
  std::vector<Word> words = SplitWords(text);
  size_t n = words.size();
  size_t first_word = 0;
  while (first_word < n && words[first_word].punct) ++first_word;
  std::vector<size_t> anchors_before(n + 1, 0);  // anchors among words[0, i)
  std::vector<size_t> meals_before(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    anchors_before[i + 1] = anchors_before[i] + IsAnchor(words, i, i == first_word);
    meals_before[i + 1] = meals_before[i] + IsMeal(words[i].folded);
  }
  // Longest first, then leftmost: the first window that parses is the answer.
  for (size_t len = std::min(n, kMaxWindow); len >= 1; --len) {
    for (size_t i = 0; i + len <= n; ++i) {
      size_t last = i + len;  // exclusive
      if (anchors_before[last] == anchors_before[i]) continue;
      if (meals_before[last] != meals_before[i]) continue;
      if (words[i].punct || words[last - 1].punct) continue;
      if (len == 1 && AmbiguousAlone(words[i], i == first_word)) continue;
      size_t first = i;
      std::string phrase = Phrase(text, words, first, last);
      TimeExpression e = ParseTimeExpression(phrase, reference);
      if (e.kind == TimeKind::kNone) continue;
      // "photos from last summer": in a question, "from X" alone means during X, not since.
      if (e.kind == TimeKind::kOpenAfter && words[i].folded == "from" && len > 1) {
        std::string inner = Phrase(text, words, i + 1, last);
        TimeExpression during = ParseTimeExpression(inner, reference);
        if (during.kind != TimeKind::kNone) {
          e = during;
          phrase = inner;  // the span keeps "from": it is part of the time phrase
        }
      }
      if (tense == Tense::kPast && !SaysFuture(words, first, last)) {
        e = PastReading(phrase, e, reference);
      }
      if (tense == Tense::kPast) e = WholeUnitAgo(words, last, e);
      out.time = e;
      out.begin = words[first].begin;
      out.end = words[last - 1].end;
      out.rest = Without(text, out.begin, out.end);
      return out;
    }
  }
  return out;
}

TimeExpression CoveringDays(const TimeExpression& e) {
  if (e.kind == TimeKind::kNone || e.grain >= Grain::kDay) return e;
  TimeExpression out = e;
  out.grain = Grain::kDay;
  auto day_end = [](LocalSeconds t) { return Truncate(t - 1, Grain::kDay) + 86400; };
  out.value = Truncate(e.value, Grain::kDay);
  out.from = Truncate(e.from, Grain::kDay);
  out.to = day_end(e.to);
  return out;
}

}  // namespace chronotrail::nlp
