// Calendar dates: numeric and written dates, weekdays, quarters, years, and "the Nth X of Y".
#include <algorithm>

#include "nlp/time_grammar.h"

namespace chronotrail::nlp {
std::optional<Span> Grammar::Day(int& p) {
  if (p >= Size()) return std::nullopt;
  DayMemo& memo = day_memo_[p];
  if (!memo.done) {
    int q = p;
    memo.span = DayUncached(q);
    memo.end = q;
    memo.done = true;
  }
  if (memo.span) p = memo.end;
  return memo.span;
}

std::optional<Span> Grammar::DayUncached(int& p) {
  using Rule = std::optional<Span> (Grammar::*)(int&);
  // Longer constructions first: "last week of september" must not stop at "last week".
  static constexpr Rule kRules[] = {
      &Grammar::OrdinalOfPeriod, &Grammar::ClosestWeekday, &Grammar::Boundary,
      &Grammar::Weekend,         &Grammar::Season,         &Grammar::LastNext,
      &Grammar::Shifted,         &Grammar::QuarterPhrase,  &Grammar::RelativePeriod,
      &Grammar::NamedDay,        &Grammar::CalendarDate,   &Grammar::WeekdayPhrase,
      &Grammar::NumericDate,     &Grammar::YearPhrase};
  for (Rule rule : kRules) {
    int q = p;
    if (auto s = (this->*rule)(q)) {
      p = q;
      return s;
    }
  }
  return std::nullopt;
}

std::optional<Span> Grammar::NamedDay(int& p) {
  LocalSeconds today = Truncate(now_, Grain::kDay);
  if (Eat(p, "now")) return Span{now_, Grain::kSecond, {}};
  if (Eat(p, "today") || EatSeq(p, {"this", "time"})) return DaySpan(today);
  if (Eat(p, "tomorrow")) return DaySpan(today + kDaySeconds);
  if (Eat(p, "yesterday")) return DaySpan(today - kDaySeconds);
  Eat(p, "the");
  if (EatSeq(p, {"day", "after", "tomorrow"})) return DaySpan(today + 2 * kDaySeconds);
  if (EatSeq(p, {"day", "before", "yesterday"})) return DaySpan(today - 2 * kDaySeconds);
  return std::nullopt;
}

std::optional<int> Grammar::Year(int& p, bool allow_two_digits) {
  if (p >= Size() || !t_[p].number) return std::nullopt;
  const Token& tok = t_[p];
  if (tok.digits == 4 && tok.value >= 1000 && tok.value <= 2999) {
    ++p;
    return int(tok.value);
  }
  if (allow_two_digits && tok.digits == 2) {
    // Not the hour of a following clock time ("Jul 18, 07:00 PM").
    if (p + 1 < Size()) {
      const std::string& next = t_[p + 1].text;
      if (next == ":" || next == "h" || next == "am" || next == "pm" || next == "a" ||
          next == "p" || next == "'") {
        return std::nullopt;
      }
    }
    ++p;
    return int(tok.value < 50 ? 2000 + tok.value : 1900 + tok.value);
  }
  return std::nullopt;
}

std::optional<DateSpec> Grammar::MonthDay(int& p) {
  int s = p;
  DateSpec spec;
  auto year_after = [&](int& q) {
    int r = q;
    Eat(r, ",");
    if (auto y = Year(r, true)) {
      spec.year = y;
      q = r;
    }
  };
  // MONTH [the] DAY [,] [YEAR] and MONTH [,] YEAR.
  if (p < Size() && (spec.month = MonthValue(t_[p].text))) {
    ++p;
    int q = p;
    Eat(q, "the");
    if (auto d = DayNumber(q); d && !At(q, ":") && !At(q, "h")) {
      spec.day = d;
      p = q;
      year_after(p);
      return spec;
    }
    q = p;
    Eat(q, ",");
    if (auto y = Year(q, false)) {
      spec.year = y;
      p = q;
    }
    return spec;  // a month alone ("between May and July") is the next one not past
  }
  // [the] DAY [of] MONTH [YEAR], and DAY/Mon/YEAR.
  p = s;
  Eat(p, "the");
  int q = p;
  auto d = DayNumber(q);
  if (!d) {
    p = s;
    return std::nullopt;
  }
  bool of = EatAny(q, {"of"}) || EatSeq(q, {"day", "of"});
  bool sep = !of && EatAny(q, {"/", "-"});
  if (q < Size() && (spec.month = MonthValue(t_[q].text))) {
    spec.day = d;
    p = q + 1;
    if (sep) {
      if (!EatAny(p, {"/", "-"})) {
        p = s;
        return std::nullopt;
      }
    }
    year_after(p);
    return spec;
  }
  p = s;
  return std::nullopt;
}

std::optional<Span> Grammar::CalendarDate(int& p) {
  int s = p;
  std::optional<int> weekday;
  if (p < Size() && (weekday = WeekdayValue(t_[p].text))) {
    ++p;
    Eat(p, ",");
  }
  auto spec = MonthDay(p);
  if (!spec && weekday) {
    // "Tuesday the 19th", "Tuesday 19th".
    int q = p;
    bool the = Eat(q, "the");
    auto d = the ? DayNumber(q) : Ordinal(q);
    if (d) {
      spec = DateSpec{std::nullopt, std::nullopt, d, std::nullopt};
      p = q;
    }
  }
  if (!spec && !weekday) {
    // "the 15th" alone: the next such day of a month.
    int q = p;
    Eat(q, "the");
    if (auto d = Ordinal(q); d && *d <= 31) {
      spec = DateSpec{std::nullopt, std::nullopt, d, std::nullopt};
      p = q;
    }
  }
  if (!spec) {
    p = s;
    return std::nullopt;
  }
  if (!weekday) {
    int q = p;
    Eat(q, ",");
    if (q < Size() && (weekday = WeekdayValue(t_[q].text))) p = q + 1;
  }
  spec->weekday = weekday;
  auto r = Resolve(*spec);
  if (!r) p = s;
  return r;
}

std::optional<Span> Grammar::Resolve(const DateSpec& spec) const {
  LocalSeconds today = Truncate(now_, Grain::kDay);
  Civil tc = ToCivil(today);
  auto weekday_ok = [&](LocalSeconds t) { return !spec.weekday || WeekdayOf(t) == *spec.weekday; };
  if (spec.month && (*spec.month < 1 || *spec.month > 12)) return std::nullopt;
  if (spec.year && spec.month && spec.day) {
    if (*spec.day < 1 || *spec.day > DaysInMonth(*spec.year, *spec.month)) return std::nullopt;
    return DaySpan(FromCivil(*spec.year, *spec.month, *spec.day));
  }
  if (spec.day) {
    // The next matching day that is not in the past.
    for (int k = 0; k < 12 * 40; ++k) {
      int index = tc.year * 12 + tc.month - 1 + k;
      int y = index / 12, m = index % 12 + 1;
      if (spec.month && m != *spec.month) continue;
      if (spec.year && y != *spec.year) continue;
      if (*spec.day > DaysInMonth(y, m)) continue;
      LocalSeconds t = FromCivil(y, m, *spec.day);
      if (t >= today && weekday_ok(t)) return DaySpan(t);
    }
    return std::nullopt;
  }
  if (spec.year && spec.month)
    return Span{FromCivil(*spec.year, *spec.month, 1), Grain::kMonth, {}};
  if (spec.month) {
    int y = *spec.month >= tc.month ? tc.year : tc.year + 1;
    return Span{FromCivil(y, *spec.month, 1), Grain::kMonth, {}};
  }
  if (spec.year) return Span{FromCivil(*spec.year, 1, 1), Grain::kYear, {}};
  if (spec.weekday) {
    LocalSeconds t = today + kDaySeconds;
    while (!weekday_ok(t)) t += kDaySeconds;
    return DaySpan(t);
  }
  return std::nullopt;
}

std::optional<Span> Grammar::WeekdayPhrase(int& p) {
  LocalSeconds today = Truncate(now_, Grain::kDay);
  LocalSeconds this_monday = Truncate(now_, Grain::kWeek);
  int s = p;
  // "3 fridays from now", "2 thursdays back".
  if (auto n = Quantity(p); n && p < Size()) {
    if (auto wd = WeekdayValue(t_[p].text)) {
      ++p;
      int sign = EatSeq(p, {"from", "now"}) || Eat(p, "hence") ? 1
                 : EatAny(p, {"ago", "back"})                  ? -1
                                                               : 0;
      if (sign != 0) {
        LocalSeconds t = today;
        for (int found = 0; found < *n;) {
          t += sign * kDaySeconds;
          if (WeekdayOf(t) == *wd) ++found;
        }
        return DaySpan(t);
      }
    }
  }
  p = s;
  int week_shift = 0;
  bool qualified = false;
  if (EatAny(p, {"next", "coming"})) {
    week_shift = 1;
    qualified = true;
  } else if (EatAny(p, {"last", "past", "previous"})) {
    week_shift = -1;
    qualified = true;
  } else {
    Eat(p, "this");
  }
  if (p >= Size()) return std::nullopt;
  auto wd = WeekdayValue(t_[p].text);
  if (!wd) return std::nullopt;
  ++p;
  if (qualified) return DaySpan(this_monday + (week_shift * 7 + *wd - 1) * kDaySeconds);
  int q = p;
  Eat(q, "of");
  if (EatSeq(q, {"next", "week"})) {
    p = q;
    return DaySpan(this_monday + (7 + *wd - 1) * kDaySeconds);
  }
  if (EatSeq(q, {"this", "week"})) {
    p = q;
    return DaySpan(this_monday + (*wd - 1) * kDaySeconds);
  }
  if (EatSeq(q, {"last", "week"})) {
    p = q;
    return DaySpan(this_monday + (*wd - 1 - 7) * kDaySeconds);
  }
  Span next = *Resolve(DateSpec{std::nullopt, std::nullopt, std::nullopt, wd});
  if (EatSeq(p, {"after", "next"})) next.start += 7 * kDaySeconds;
  return next;
}

std::optional<Span> Grammar::NumericDate(int& p) {
  int s = p;
  auto sep_is = [this](int q) { return At(q, "/") || At(q, "-") || At(q, "."); };
  auto a = Digits(p, 1, 4);
  if (!a || !sep_is(p)) {
    p = s;
    return std::nullopt;
  }
  std::string sep = t_[p].text;
  ++p;
  auto b = Digits(p, 1, 4);
  if (!b) {
    p = s;
    return std::nullopt;
  }
  int a_digits = t_[s].digits, b_digits = t_[p - 1].digits;
  if (a_digits == 4) {
    // YYYY-MM[-DD]
    DateSpec spec{int(*a), int(*b), std::nullopt, std::nullopt};
    int q = p;
    if (At(q, sep)) {
      ++q;
      if (auto c = Digits(q, 1, 2)) {
        spec.day = int(*c);
        p = q;
      }
    }
    auto r = Resolve(spec);
    if (!r) p = s;
    return r;
  }
  if (b_digits == 4) {
    // M/YYYY
    auto r = Resolve(DateSpec{int(*b), int(*a), std::nullopt, std::nullopt});
    if (!r) p = s;
    return r;
  }
  DateSpec spec{std::nullopt, int(*a), int(*b), std::nullopt};
  int q = p;
  if (At(q, sep)) {
    ++q;
    if (auto y = Year(q, true)) {
      spec.year = y;
      p = q;
    }
  }
  // "3-4pm", "1-2:30" are clock ranges, "2.5 hours" a quantity.
  if (!spec.year && p < Size()) {
    const std::string& next = t_[p].text;
    if (next == ":" || next == "am" || next == "pm" || next == "a" || next == "p" || next == "h" ||
        UnitValue(next)) {
      p = s;
      return std::nullopt;
    }
  }
  auto r = Resolve(spec);
  if (!r) p = s;
  return r;
}

std::optional<Span> Grammar::QuarterPhrase(int& p) {
  int s = p;
  // "18q4", "2018Q4".
  if (auto y = Digits(p, 2, 4)) {
    if (Eat(p, "q")) {
      if (auto q = Digits(p, 1, 1); q && *q >= 1 && *q <= 4) {
        int year = int(*y < 100 ? 2000 + *y : *y);
        return Span{FromCivil(year, int(*q - 1) * 3 + 1, 1), Grain::kQuarter, {}};
      }
    }
  }
  p = s;
  // "Q3", "Q1 2014".
  if (Eat(p, "q")) {
    if (auto q = Digits(p, 1, 1); q && *q >= 1 && *q <= 4) {
      int year = ToCivil(now_).year;
      if (auto y = Year(p, false)) year = *y;
      return Span{FromCivil(year, int(*q - 1) * 3 + 1, 1), Grain::kQuarter, {}};
    }
  }
  p = s;
  Eat(p, "the");
  auto n = Ordinal(p);
  if (!n || *n < 1 || *n > 4 || !EatAny(p, {"quarter", "qtr"})) {
    p = s;
    return std::nullopt;
  }
  int year = ToCivil(now_).year;
  int q = p;
  Eat(q, "of");
  if (auto y = Year(q, false)) {
    year = *y;
    p = q;
  }
  return Span{FromCivil(year, (*n - 1) * 3 + 1, 1), Grain::kQuarter, {}};
}

std::optional<Span> Grammar::YearPhrase(int& p) {
  int s = p;
  auto n = Digits(p, 1, 4);
  if (!n) return std::nullopt;
  if (EatSeq(p, {"a", "d"}) || Eat(p, "ad"))
    return Span{FromCivil(int(*n), 1, 1), Grain::kYear, {}};
  if (t_[s].digits == 4 && *n >= 1900 && *n <= 2199) {
    return Span{FromCivil(int(*n), 1, 1), Grain::kYear, {}};
  }
  p = s;
  return std::nullopt;
}

}  // namespace chronotrail::nlp
