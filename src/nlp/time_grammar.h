// The grammar of English time expressions: hand-written recursive-descent rules over the tokens of
// time_lexicon.h, each resolving what it reads against "now" (a local wall-clock time) as soon as
// it can. Internal to src/nlp; callers use time_expression.h.
//
// The rules are grouped by idea:
//   time_grammar.cpp        token primitives, numbers, the whole-phrase entry point and ranges
//   time_grammar_dates.cpp  calendar dates, weekdays, months, quarters, years, ordinals "of"
//   periods time_grammar_clock.cpp  clock times, parts of the day, and how they land on a day
//   time_grammar_periods.cpp relative periods: "in 3 days", "last 2 weeks", seasons, month ends
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "nlp/time_calendar.h"
#include "nlp/time_lexicon.h"

namespace chronotrail::nlp {

// A resolved stretch of time: an instant of `grain` starting at `start`, or, when `end` is set,
// the half-open interval [start, end).
struct Span {
  LocalSeconds start = 0;
  Grain grain = Grain::kDay;
  std::optional<LocalSeconds> end;
};

inline constexpr LocalSeconds kDaySeconds = 86400;

// The whole day that starts at `t`.
inline Span DaySpan(LocalSeconds t) {
  return Span{t, Grain::kDay, {}};
}

enum class SpanKind { kInstant, kInterval, kOpenBefore, kOpenAfter };

struct Parsed {
  SpanKind kind = SpanKind::kInstant;
  Span span;  // for open kinds, span.start is the bound
};

// A clock time not yet placed on a day. `ambiguous` means no am/pm was said, so 3 may be 15.
struct Clock {
  int hour = 0, minute = 0, second = 0;
  Grain grain = Grain::kHour;
  bool ambiguous = false;
  bool pm = false;  // a "pm" was said (kept for ranges such as "3-4pm")
  std::optional<int> zone_minutes;
};

// "this morning", "tonight": hours [from, to) of a day; day_shift when the words name the day.
struct PartOfDay {
  int from = 0, to = 24;
  bool afternoonish = false;  // turns an ambiguous clock to pm ("tonight at 8")
  std::optional<int> day_shift;
};

// Calendar fields named by a phrase; resolution finds the next matching date that is not past.
struct DateSpec {
  std::optional<int> year, month, day, weekday;
};

// The pieces of one moment as the phrase gives them, in any order ("9 tomorrow evening").
struct Pieces {
  std::vector<Span> days;
  std::optional<Clock> clock;
  std::optional<PartOfDay> part;
  std::optional<int> zone_minutes;
  bool Empty() const { return days.empty() && !clock && !part; }
};

class Grammar {
 public:
  Grammar(std::vector<Token> tokens, LocalSeconds now, int offset_minutes)
      : t_(std::move(tokens)), day_memo_(t_.size()), now_(now), offset_minutes_(offset_minutes) {}

  // The reading of the whole phrase, or nullopt when no rule consumes every token.
  std::optional<Parsed> Whole();

 private:
  // Primitives (time_grammar.cpp).
  int Size() const { return int(t_.size()); }
  bool At(int p, std::string_view w) const { return p < Size() && t_[p].text == w; }
  bool Eat(int& p, std::string_view w);
  bool EatAny(int& p, std::initializer_list<std::string_view> words);
  bool EatSeq(int& p, std::initializer_list<std::string_view> words);
  std::optional<long> Digits(int& p, int min_digits = 1, int max_digits = 9);
  std::optional<int> Cardinal(int& p);   // 1..99 in digits or words
  std::optional<int> Ordinal(int& p);    // "3rd", "third", "twenty first"
  std::optional<int> DayNumber(int& p);  // 1..31 as ordinal or cardinal
  std::optional<int> Quantity(int& p);   // Cardinal plus "a", "an", "few", "couple"

  // Whole-phrase readings (time_grammar.cpp).
  std::optional<Parsed> OpenEnded(int& p);
  std::optional<Parsed> Range(int& p);
  std::optional<Parsed> DayRange(int& p);
  std::optional<Parsed> DurationRange(int& p);
  std::optional<Span> Moment(int& p);
  bool CollectPieces(int& p, Pieces& out);
  bool TakePiece(int& p, Pieces& out);
  std::optional<Span> Combine(const Pieces& pieces, std::optional<LocalSeconds> not_before);
  Span ClosedInterval(const Span& from, const Span& to) const;

  // Dates (time_grammar_dates.cpp).
  std::optional<Span> Day(int& p);
  std::optional<Span> DayUncached(int& p);
  std::optional<Span> NamedDay(int& p);
  std::optional<Span> WeekdayPhrase(int& p);
  std::optional<Span> CalendarDate(int& p);
  std::optional<Span> NumericDate(int& p);
  std::optional<Span> QuarterPhrase(int& p);
  std::optional<Span> YearPhrase(int& p);
  std::optional<Span> OrdinalOfPeriod(int& p);
  std::optional<Span> MonthTarget(int& p);
  std::optional<Span> ClosestWeekday(int& p);  // "October", "october 2014", "last month"
  std::optional<int> Year(int& p, bool allow_two_digits);
  std::optional<DateSpec> MonthDay(int& p);
  std::optional<Span> Resolve(const DateSpec& spec) const;

  // Clock times and parts of the day (time_grammar_clock.cpp).
  std::optional<Clock> ClockTime(int& p);
  std::optional<Clock> PlainClock(int& p);
  void Meridiem(int& p, Clock& c);
  std::optional<int> Zone(int& p);
  std::optional<PartOfDay> Part(int& p);
  Span PlaceClock(const Clock& c, std::optional<LocalSeconds> day, const PartOfDay* part,
                  std::optional<LocalSeconds> not_before) const;

  // Relative periods (time_grammar_periods.cpp).
  std::optional<Span> RelativePeriod(int& p);
  std::optional<Span> Shifted(int& p);
  std::optional<Span> LastNext(int& p);
  std::optional<Span> Season(int& p);
  std::optional<Span> Boundary(int& p);
  std::optional<Span> Weekend(int& p);
  std::optional<std::pair<double, Grain>> Duration(int& p);
  Span InDuration(double amount, Grain unit, int sign) const;

  // Day() at a position always reads the same; ranges and moments ask again while backtracking.
  struct DayMemo {
    bool done = false;
    std::optional<Span> span;
    int end = 0;
  };

  std::vector<Token> t_;
  std::vector<DayMemo> day_memo_;
  LocalSeconds now_;
  int offset_minutes_;
};

}  // namespace chronotrail::nlp
