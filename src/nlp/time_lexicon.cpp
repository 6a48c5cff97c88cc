#include "nlp/time_lexicon.h"

#include <array>
#include <cctype>
#include <utility>

namespace chronotrail::nlp {
namespace {

enum class CharClass { kSpace, kAlpha, kDigit, kOther };

CharClass ClassOf(unsigned char c) {
  if (std::isspace(c)) return CharClass::kSpace;
  if (std::isalpha(c)) return CharClass::kAlpha;
  if (std::isdigit(c)) return CharClass::kDigit;
  return CharClass::kOther;
}

// Spelling variants that mean the same word to the grammar.
std::string Normalise(std::string w) {
  static const std::array<std::pair<std::string_view, std::string_view>, 10> kAliases = {{
      {"thru", "through"},
      {"untill", "until"},
      {"til", "till"},
      {"tonite", "tonight"},
      {"tomorrows", "tomorrow"},
      {"wkend", "weekend"},
      {"afternoonish", "afternoon"},
      {"eod", "eod"},
      {"seasons", "season"},
      {"tmrw", "tomorrow"},
  }};
  for (const auto& [from, to] : kAliases) {
    if (w == from) return std::string(to);
  }
  return w;
}

template <size_t N>
std::optional<int> Find(const std::array<std::string_view, N>& table, std::string_view w,
                        int first) {
  for (size_t i = 0; i < N; ++i) {
    if (table[i] == w) return int(i) + first;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  bool space = false;
  size_t i = 0;
  while (i < text.size()) {
    CharClass cls = ClassOf(static_cast<unsigned char>(text[i]));
    if (cls == CharClass::kSpace) {
      space = true;
      ++i;
      continue;
    }
    size_t j = i + 1;
    if (cls != CharClass::kOther) {
      while (j < text.size() && ClassOf(static_cast<unsigned char>(text[j])) == cls) ++j;
    }
    Token t;
    t.space_before = space;
    space = false;
    for (size_t k = i; k < j; ++k) {
      t.text.push_back(char(std::tolower(static_cast<unsigned char>(text[k]))));
    }
    if (cls == CharClass::kDigit) {
      t.number = true;
      t.digits = int(t.text.size());
      // Longer runs are too long to be part of a date and keep value 0, which never matches;
      // summing them first would overflow `value` from 19 digits on.
      if (t.digits <= 9) {
        for (char c : t.text) t.value = t.value * 10 + (c - '0');
      }
    } else if (cls == CharClass::kAlpha) {
      t.text = Normalise(std::move(t.text));
    }
    i = j;
    bool dot_after_word = t.text == "." && !tokens.empty() && !tokens.back().number &&
                          !tokens.back().text.empty() &&
                          std::isalpha(static_cast<unsigned char>(tokens.back().text[0]));
    if (dot_after_word) continue;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

std::optional<int> NumberWordValue(std::string_view w) {
  static const std::array<std::string_view, 19> kWords = {
      "one",     "two",     "three",     "four",     "five",    "six",      "seven",
      "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen", "fourteen",
      "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  return Find(kWords, w, 1);
}

std::optional<int> TensWordValue(std::string_view w) {
  static const std::array<std::string_view, 8> kWords = {"twenty", "thirty",  "forty",  "fifty",
                                                         "sixty",  "seventy", "eighty", "ninety"};
  auto i = Find(kWords, w, 2);
  if (!i) return std::nullopt;
  return *i * 10;
}

std::optional<int> OrdinalWordValue(std::string_view w) {
  static const std::array<std::string_view, 20> kWords = {
      "first",     "second",      "third",      "fourth",     "fifth",
      "sixth",     "seventh",     "eighth",     "ninth",      "tenth",
      "eleventh",  "twelfth",     "thirteenth", "fourteenth", "fifteenth",
      "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"};
  if (w == "thirtieth") return 30;
  return Find(kWords, w, 1);
}

std::optional<int> MonthValue(std::string_view w) {
  static const std::array<std::string_view, 12> kLong = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  static const std::array<std::string_view, 12> kShort = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w == "sept") return 9;
  if (auto m = Find(kLong, w, 1)) return m;
  return Find(kShort, w, 1);
}

std::optional<int> WeekdayValue(std::string_view w) {
  static const std::array<std::string_view, 7> kLong = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  static const std::array<std::string_view, 7> kShort = {"mon", "tue", "wed", "thu",
                                                         "fri", "sat", "sun"};
  static const std::array<std::string_view, 7> kOther = {"mondays", "tues", "weds",   "thurs",
                                                         "fridays", "sats", "sundays"};
  if (auto d = Find(kLong, w, 1)) return d;
  if (auto d = Find(kShort, w, 1)) return d;
  if (auto d = Find(kOther, w, 1)) return d;
  // Plurals: "3 fridays from now".
  if (w.size() > 6 && w.back() == 's') return Find(kLong, w.substr(0, w.size() - 1), 1);
  return std::nullopt;
}

std::optional<Grain> UnitValue(std::string_view w) {
  struct Entry {
    std::string_view word;
    Grain grain;
  };
  static const std::array<Entry, 28> kUnits = {{
      {"second", Grain::kSecond},   {"seconds", Grain::kSecond},   {"sec", Grain::kSecond},
      {"secs", Grain::kSecond},     {"\"", Grain::kSecond},        {"minute", Grain::kMinute},
      {"minutes", Grain::kMinute},  {"min", Grain::kMinute},       {"mins", Grain::kMinute},
      {"'", Grain::kMinute},        {"hour", Grain::kHour},        {"hours", Grain::kHour},
      {"h", Grain::kHour},          {"hr", Grain::kHour},          {"hrs", Grain::kHour},
      {"day", Grain::kDay},         {"days", Grain::kDay},         {"week", Grain::kWeek},
      {"weeks", Grain::kWeek},      {"month", Grain::kMonth},      {"months", Grain::kMonth},
      {"quarter", Grain::kQuarter}, {"quarters", Grain::kQuarter}, {"qtr", Grain::kQuarter},
      {"year", Grain::kYear},       {"years", Grain::kYear},       {"yr", Grain::kYear},
      {"yrs", Grain::kYear},
  }};
  for (const Entry& e : kUnits) {
    if (e.word == w) return e.grain;
  }
  return std::nullopt;
}

std::optional<int> ZoneOffsetMinutes(std::string_view w) {
  // Fixed offsets, as Duckling reads these abbreviations (BST is +01:00 all year).
  struct Entry {
    std::string_view name;
    int minutes;
  };
  static const std::array<Entry, 12> kZones = {{{"gmt", 0},
                                                {"utc", 0},
                                                {"z", 0},
                                                {"cet", 60},
                                                {"bst", 60},
                                                {"cst", -360},
                                                {"cdt", -300},
                                                {"est", -300},
                                                {"edt", -240},
                                                {"pst", -480},
                                                {"pdt", -420},
                                                {"ist", 330}}};
  for (const Entry& e : kZones) {
    if (e.name == w) return e.minutes;
  }
  return std::nullopt;
}

}  // namespace chronotrail::nlp
