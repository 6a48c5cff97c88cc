// Finding the time expression inside a longer text: "where did I have coffee last tuesday?"
// holds "last tuesday". ParseTimeExpression reads a whole phrase only; this tries the windows of
// words that could be one (a quick pre-filter keeps only windows with a time word or a number)
// and keeps the longest that parses, the leftmost among equals.
//
// Questions look back: a user asking "did I go to Lisbon in March?" in February means the March
// that is past, while the time parser, like Duckling, reads a bare "March" as the next one. With
// Tense::kPast a reading that starts after "now" and says nothing of the future ("next",
// "tomorrow", "in 3 days", "coming", "from now", "this", "today", "tonight") is read again with
// "now" moved back a day, a week, a month and a year, and the first reading that is no longer in
// the future wins ("tuesday" on a Thursday -> two days ago; "march" in February -> last March).
//
// Also with Tense::kPast, "3 days ago" is that whole day and "2 weeks ago" that whole week: the
// grammar, like Duckling, gives the instant 72 hours back at hour grain.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "nlp/time_expression.h"

namespace chronotrail::nlp {

enum class Tense { kAsSaid, kPast };

struct TimeInText {
  TimeExpression time;  // kind kNone when the text holds no time expression
  size_t begin = 0;     // byte span [begin, end) of the expression in the text
  size_t end = 0;
  std::string rest;  // the text without the span, spaces around it collapsed
  bool found() const { return time.kind != TimeKind::kNone; }
};

TimeInText FindTimeExpression(std::string_view text, const TimeReference& reference,
                              Tense tense = Tense::kPast);

// The whole days that hold `e`, for records stamped when they were written rather than when
// things happened (a note written at noon about "the late afternoon"): a sub-day instant becomes
// its day, an interval runs from the start of its first day to the end of its last, open bounds
// move out to midnight. Day grains and coarser come back unchanged.
TimeExpression CoveringDays(const TimeExpression& e);

}  // namespace chronotrail::nlp
