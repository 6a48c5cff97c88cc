// The vocabulary of time expressions: a tokenizer that splits a phrase into lower-case words,
// digit runs and punctuation, and the word tables (numbers, ordinals, months, weekdays, units,
// zones) the grammar asks about. Pure functions; nothing here knows about "now".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/time_calendar.h"

namespace chronotrail::nlp {

struct Token {
  std::string text;     // lower-case; spelling variants normalised ("thru" -> "through")
  bool number = false;  // a run of ASCII digits
  long value = 0;       // its value when `number`
  int digits = 0;       // its length when `number` ("07" has 2)
  bool space_before = false;
};

// Splits at every change between letters, digits and other characters ("14april" -> 14 april,
// "3:18am" -> 3 : 18 am). Drops a '.' right after a word, so "mon." and "a.m." read as words.
std::vector<Token> Tokenize(std::string_view text);

// Word tables. Each returns nullopt when the word is not in the table.
std::optional<int> NumberWordValue(std::string_view w);    // "one".."nineteen"
std::optional<int> TensWordValue(std::string_view w);      // "twenty".."ninety"
std::optional<int> OrdinalWordValue(std::string_view w);   // "first".."thirtieth" (single words)
std::optional<int> MonthValue(std::string_view w);         // "jan", "january" -> 1
std::optional<int> WeekdayValue(std::string_view w);       // "mon", "monday" -> 1 ... 7
std::optional<Grain> UnitValue(std::string_view w);        // "min", "hours", "qtr", "'" ...
std::optional<int> ZoneOffsetMinutes(std::string_view w);  // "gmt" -> 0, "cet" -> 60 ...

}  // namespace chronotrail::nlp
