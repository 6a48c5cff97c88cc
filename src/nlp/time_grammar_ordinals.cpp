// "The Nth X of a month": ordinal weekdays, days, weeks and weekends of a month, "the week of",
// and "the closest Monday to".
#include <vector>

#include "nlp/time_grammar.h"

namespace chronotrail::nlp {
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
