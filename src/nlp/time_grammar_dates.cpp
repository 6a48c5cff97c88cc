// Calendar dates: numeric and written dates, weekdays, quarters, years, and "the Nth X of Y".
#include <algorithm>

#include "nlp/time_grammar.h"

namespace chronotrail::nlp {
namespace {

constexpr LocalSeconds kDaySeconds = 86400;

Span DaySpan(LocalSeconds t) {
  return Span{t, Grain::kDay, {}};
}

}  // namespace

std::optional<Span> Grammar::Day(int& p) {
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

std::optional<Span> Grammar::MonthTarget(int& p) {
  LocalSeconds month = Truncate(now_, Grain::kMonth);
  Eat(p, "the");
  if (EatSeq(p, {"this", "month"})) return Span{month, Grain::kMonth, {}};
  if (EatAny(p, {"next", "following", "coming"})) {
    if (Eat(p, "month")) return Span{Add(month, Grain::kMonth, 1), Grain::kMonth, {}};
    return std::nullopt;
  }
  if (EatAny(p, {"last", "previous", "past"})) {
    if (Eat(p, "month")) return Span{Add(month, Grain::kMonth, -1), Grain::kMonth, {}};
    return std::nullopt;
  }
  if (p >= Size()) return std::nullopt;
  auto m = MonthValue(t_[p].text);
  if (!m) return std::nullopt;
  ++p;
  DateSpec spec{std::nullopt, m, std::nullopt, std::nullopt};
  if (auto y = Year(p, false)) spec.year = y;
  return Resolve(spec);
}

std::optional<Span> Grammar::ClosestWeekday(int& p) {
  // "the [second] closest Monday to Oct 5th": weekdays ranked by distance, earlier first on ties.
  Eat(p, "the");
  int n = 1;
  if (auto o = Ordinal(p)) n = *o;
  if (!Eat(p, "closest") || p >= Size()) return std::nullopt;
  auto wd = WeekdayValue(t_[p].text);
  if (!wd) return std::nullopt;
  ++p;
  if (!Eat(p, "to")) return std::nullopt;
  auto d = CalendarDate(p);
  if (!d) return std::nullopt;
  LocalSeconds after = d->start, before = d->start;
  while (WeekdayOf(after) != *wd) after += kDaySeconds;
  while (WeekdayOf(before) != *wd) before -= kDaySeconds;
  std::vector<LocalSeconds> ranked;
  while (int(ranked.size()) < n) {
    if (after - d->start <= d->start - before) {
      ranked.push_back(after);
      after += 7 * kDaySeconds;
    } else {
      ranked.push_back(before);
      before -= 7 * kDaySeconds;
    }
    if (ranked.size() > 1 && ranked.back() == ranked[ranked.size() - 2]) ranked.pop_back();
  }
  return DaySpan(ranked[n - 1]);
}

std::optional<Span> Grammar::OrdinalOfPeriod(int& p) {
  int s = p;
  Eat(p, "the");
  if (EatSeq(p, {"week", "of"})) {
    // The first Monday-started week beginning on or after the date.
    auto d = CalendarDate(p);
    if (!d) return std::nullopt;
    LocalSeconds t = d->start;
    while (WeekdayOf(t) != 1) t += kDaySeconds;
    return Span{t, Grain::kWeek, {}};
  }
  // "[Nth] [last] (weekday|day|week|weekend) of|in MONTH", and "20th [day] of next month".
  int n = 1;
  bool from_end = false;
  std::optional<int> cardinal;
  if (auto o = Ordinal(p)) {
    n = *o;
  } else if (auto c = Digits(p, 1, 2)) {
    cardinal = int(*c);
    n = int(*c);
  }
  if (Eat(p, "last")) from_end = true;
  if (!from_end && p == s) return std::nullopt;
  if (p >= Size()) return std::nullopt;
  std::optional<int> weekday = WeekdayValue(t_[p].text);
  enum class Unit { kWeekday, kDay, kWeek, kWeekend, kNone } unit = Unit::kNone;
  if (weekday) {
    unit = Unit::kWeekday;
    ++p;
  } else if (Eat(p, "day")) {
    unit = Unit::kDay;
  } else if (Eat(p, "weekend") || EatSeq(p, {"week", "-", "end"}) || EatSeq(p, {"week", "end"})) {
    unit = Unit::kWeekend;
  } else if (Eat(p, "week")) {
    unit = Unit::kWeek;
  }
  if (cardinal && unit != Unit::kDay && unit != Unit::kNone) return std::nullopt;
  if (!EatAny(p, {"of", "in"})) return std::nullopt;
  int q = p;
  auto month = MonthTarget(q);
  if (!month || month->grain != Grain::kMonth) return std::nullopt;
  if (unit == Unit::kNone) {
    // "20 of next month" names a day; a bare month would be a date ("the 1st of march").
    if (from_end || MonthValue(t_[p].text) ||
        (At(p, "the") && p + 1 < Size() && MonthValue(t_[p + 1].text))) {
      return std::nullopt;
    }
    unit = Unit::kDay;
  }
  p = q;
  Civil mc = ToCivil(month->start);
  int last_day = DaysInMonth(mc.year, mc.month);
  LocalSeconds first = month->start;
  LocalSeconds last = FromCivil(mc.year, mc.month, last_day);
  switch (unit) {
    case Unit::kDay:
      if (n > last_day) return std::nullopt;
      return DaySpan(from_end ? last - (n - 1) * kDaySeconds : first + (n - 1) * kDaySeconds);
    case Unit::kWeekday: {
      LocalSeconds t = from_end ? last : first;
      while (WeekdayOf(t) != *weekday) t += from_end ? -kDaySeconds : kDaySeconds;
      t += (from_end ? -1 : 1) * (n - 1) * 7 * kDaySeconds;
      return DaySpan(t);
    }
    case Unit::kWeek: {
      // Only Monday-started weeks lying wholly inside the month count.
      LocalSeconds t = first;
      if (from_end) {
        t = last - 6 * kDaySeconds;
        while (WeekdayOf(t) != 1) t -= kDaySeconds;
        t -= (n - 1) * 7 * kDaySeconds;
      } else {
        while (WeekdayOf(t) != 1) t += kDaySeconds;
        t += (n - 1) * 7 * kDaySeconds;
      }
      return Span{t, Grain::kWeek, {}};
    }
    case Unit::kWeekend: {
      LocalSeconds sunday = from_end ? last : first + 2 * kDaySeconds;
      while (WeekdayOf(sunday) != 7) sunday += from_end ? -kDaySeconds : kDaySeconds;
      sunday += (from_end ? -1 : 1) * (n - 1) * 7 * kDaySeconds;
      return Span{sunday - 2 * kDaySeconds + 18 * 3600, Grain::kHour, sunday + kDaySeconds};
    }
    case Unit::kNone:
      break;
  }
  return std::nullopt;
}

}  // namespace chronotrail::nlp
