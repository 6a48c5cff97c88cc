// Periods relative to now: "in 3 days", "2 weeks ago", "last 2 days", "this quarter",
// seasons, weekends, and the beginnings and ends of months, weeks and years.
#include "nlp/time_grammar.h"

namespace chronotrail::nlp {
namespace {

std::optional<Grain> PeriodUnit(std::string_view w) {
  if (w == "week" || w == "month" || w == "quarter" || w == "qtr" || w == "year" || w == "yr") {
    return UnitValue(w);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::pair<double, Grain>> Grammar::Duration(int& p) {
  int s = p;
  EatAny(p, {"about", "approximately", "around", "roughly"});
  if (EatSeq(p, {"a", "fortnight"}) || Eat(p, "fortnight")) return std::pair{14.0, Grain::kDay};
  if (EatSeq(p, {"half", "an", "hour"}) || EatSeq(p, {"half", "hour"})) {
    return std::pair{30.0, Grain::kMinute};
  }
  {
    // "a quarter of an hour", "three-quarters of an hour", "1/4h", "3/4 hour".
    int q = p;
    std::optional<int> quarters;
    if (EatSeq(q, {"a", "quarter"}) || Eat(q, "quarter")) {
      quarters = 1;
    } else if (auto n = Cardinal(q); n && (Eat(q, "-") || true) && Eat(q, "quarters")) {
      quarters = n;
    }
    if (quarters && EatSeq(q, {"of", "an", "hour"})) {
      p = q;
      return std::pair{15.0 * *quarters, Grain::kMinute};
    }
    q = p;
    if (auto n = Digits(q, 1, 1); n && Eat(q, "/") && At(q, "4")) {
      ++q;
      if (EatAny(q, {"h", "hour"})) {
        p = q;
        return std::pair{15.0 * double(*n), Grain::kMinute};
      }
    }
  }
  auto n = Quantity(p);
  if (!n) {
    p = s;
    return std::nullopt;
  }
  double amount = *n;
  int q = p;
  if (Eat(q, ".") && q < Size() && t_[q].number && t_[q].digits == 1) {
    amount += t_[q].value / 10.0;
    p = q + 1;
  } else if (EatSeq(p, {"and", "an", "half"}) || EatSeq(p, {"and", "a", "half"})) {
    amount += 0.5;
  }
  if (p >= Size()) {
    p = s;
    return std::nullopt;
  }
  auto unit = UnitValue(t_[p].text);
  if (!unit) {
    p = s;
    return std::nullopt;
  }
  ++p;
  if (amount != double(std::int64_t(amount))) {
    // Fractions are said of hours and days; count them in the next finer unit.
    if (*unit == Grain::kHour) return std::pair{amount * 60, Grain::kMinute};
    if (*unit == Grain::kDay) return std::pair{amount * 24, Grain::kHour};
    p = s;
    return std::nullopt;
  }
  return std::pair{amount, *unit};
}

Span Grammar::InDuration(double amount, Grain unit, int sign) const {
  // Duckling first truncates now to the next finer grain, then shifts.
  Grain g = ShiftGrain(unit);
  return Span{Add(Truncate(now_, g), unit, sign * std::int64_t(amount)), g, {}};
}

std::optional<Span> Grammar::Shifted(int& p) {
  int s = p;
  if (Eat(p, "in")) {
    if (auto d = Duration(p)) {
      EatSeq(p, {"from", "now"});
      return InDuration(d->first, d->second, +1);
    }
    // "in 15": minutes, when nothing follows.
    if (auto n = Digits(p, 1, 2); n && p == Size())
      return InDuration(double(*n), Grain::kMinute, +1);
    p = s;
    return std::nullopt;
  }
  if (Eat(p, "upcoming")) {
    auto n = Quantity(p);
    if (!n || p >= Size()) return std::nullopt;
    auto unit = UnitValue(t_[p].text);
    if (!unit) return std::nullopt;
    ++p;
    return Span{Add(Truncate(now_, *unit), *unit, *n), *unit, {}};
  }
  if (auto n = Quantity(p); n && Eat(p, "upcoming") && p < Size()) {
    if (auto unit = UnitValue(t_[p].text)) {
      ++p;
      return Span{Add(Truncate(now_, *unit), *unit, *n), *unit, {}};
    }
  }
  p = s;
  auto d = Duration(p);
  if (!d) return std::nullopt;
  if (EatAny(p, {"ago", "back", "before"})) return InDuration(d->first, d->second, -1);
  if (Eat(p, "hence") || Eat(p, "later") || EatSeq(p, {"from", "now"})) {
    return InDuration(d->first, d->second, +1);
  }
  if (EatSeq(p, {"from", "today"})) {
    return Span{
        Add(Truncate(now_, Grain::kDay), d->second, std::int64_t(d->first)), Grain::kDay, {}};
  }
  p = s;
  return std::nullopt;
}

std::optional<Span> Grammar::LastNext(int& p) {
  // "last 2 days", "next 3 weeks": whole units, the current one excluded.
  int sign = EatAny(p, {"last", "past", "previous"}) ? -1 : EatAny(p, {"next", "coming"}) ? 1 : 0;
  if (sign == 0) return std::nullopt;
  auto n = Quantity(p);
  if (!n || p >= Size()) return std::nullopt;
  auto unit = UnitValue(t_[p].text);
  if (!unit) return std::nullopt;
  ++p;
  LocalSeconds current = Truncate(now_, *unit);
  if (sign < 0) return Span{Add(current, *unit, -*n), *unit, current};
  return Span{Add(current, *unit, 1), *unit, Add(current, *unit, 1 + *n)};
}

std::optional<Span> Grammar::RelativePeriod(int& p) {
  int s = p;
  int shift = 0;
  if (EatAny(p, {"this", "current"})) {
    shift = 0;
  } else if (EatAny(p, {"last", "past", "previous"})) {
    shift = -1;
  } else if (EatAny(p, {"next", "coming", "following"}) || EatSeq(p, {"the", "following"})) {
    shift = 1;
  } else {
    // "March after next".
    if (p < Size()) {
      if (auto m = MonthValue(t_[p].text)) {
        ++p;
        if (EatSeq(p, {"after", "next"})) {
          Span r = *Resolve(DateSpec{std::nullopt, m, std::nullopt, std::nullopt});
          r.start = Add(r.start, Grain::kYear, 1);
          return r;
        }
      }
    }
    p = s;
    return std::nullopt;
  }
  if (p >= Size()) return std::nullopt;
  if (auto unit = PeriodUnit(t_[p].text)) {
    ++p;
    return Span{Add(Truncate(now_, *unit), *unit, shift), *unit, {}};
  }
  if (auto m = MonthValue(t_[p].text); m && shift == 1) {
    ++p;
    return Resolve(DateSpec{std::nullopt, m, std::nullopt, std::nullopt});
  }
  return std::nullopt;
}

std::optional<Span> Grammar::Season(int& p) {
  int shift = 0;
  bool qualified = true;
  if (EatAny(p, {"this", "current"})) {
    shift = 0;
  } else if (EatAny(p, {"last", "past", "previous"})) {
    shift = -1;
  } else if (EatAny(p, {"next", "coming"})) {
    shift = 1;
  } else {
    qualified = false;
  }
  LocalSeconds today = Truncate(now_, Grain::kDay);
  int year = ToCivil(today).year;
  if (qualified && Eat(p, "season")) {
    // Seasons in sequence, with the bounds Duckling gives the generic "season".
    struct Bounds {
      int m1, d1, m2, d2, year_step;
    };
    static constexpr Bounds kSeasons[] = {
        {3, 20, 6, 20, 0}, {6, 21, 9, 23, 0}, {9, 23, 12, 20, 0}, {12, 21, 3, 19, 1}};
    std::vector<Span> seq;
    for (int y = year - 2; y <= year + 1; ++y) {
      for (const Bounds& b : kSeasons) {
        seq.push_back(
            Span{FromCivil(y, b.m1, b.d1), Grain::kDay, FromCivil(y + b.year_step, b.m2, b.d2)});
      }
    }
    int current = 0;
    for (int i = 0; i < int(seq.size()); ++i) {
      if (seq[i].start <= today) current = i;
    }
    return seq[current + shift];
  }
  // Named seasons are closed ranges of days: summer is June 21 to September 23.
  struct Named {
    std::string_view name;
    int m1, d1, m2, d2, year_step;
  };
  static constexpr Named kNamed[] = {{"spring", 3, 20, 6, 21, 0},
                                     {"summer", 6, 21, 9, 24, 0},
                                     {"fall", 9, 23, 12, 21, 0},
                                     {"autumn", 9, 23, 12, 21, 0},
                                     {"winter", 12, 21, 3, 21, 1}};
  if (p >= Size()) return std::nullopt;
  for (const Named& n : kNamed) {
    if (t_[p].text != n.name) continue;
    ++p;
    if (!qualified) {
      // "summer 2019": that year's.
      if (auto y = Year(p, false)) {
        return Span{FromCivil(*y, n.m1, n.d1), Grain::kDay,
                    FromCivil(*y + n.year_step, n.m2, n.d2)};
      }
    }
    for (int y = year - 1; y <= year + 1; ++y) {
      LocalSeconds end = FromCivil(y + n.year_step, n.m2, n.d2);
      if (end > today) {
        int target = y + shift;
        return Span{FromCivil(target, n.m1, n.d1), Grain::kDay,
                    FromCivil(target + n.year_step, n.m2, n.d2)};
      }
    }
  }
  return std::nullopt;
}

std::optional<Span> Grammar::Weekend(int& p) {
  int shift = 0;
  if (EatSeq(p, {"this", "past"}) || EatAny(p, {"last", "past", "previous"})) {
    shift = -1;
  } else if (EatAny(p, {"next", "coming", "following"})) {
    shift = 1;
  } else {
    Eat(p, "this");
  }
  if (!(Eat(p, "weekend") || EatSeq(p, {"week", "-", "end"}) || EatSeq(p, {"week", "end"}))) {
    return std::nullopt;
  }
  LocalSeconds monday = Truncate(now_, Grain::kWeek) + shift * 7 * kDaySeconds;
  return Span{monday + 4 * kDaySeconds + 18 * 3600, Grain::kHour, monday + 7 * kDaySeconds};
}

std::optional<Span> Grammar::Boundary(int& p) {
  LocalSeconds today = Truncate(now_, Grain::kDay);
  LocalSeconds monday = Truncate(now_, Grain::kWeek);
  if (EatSeq(p, {"rest", "of", "the", "week"}) || EatSeq(p, {"rest", "of", "week"})) {
    return Span{today, Grain::kDay, monday + 6 * kDaySeconds};
  }
  if (EatSeq(p, {"all", "week"})) return Span{monday, Grain::kDay, monday + 6 * kDaySeconds};
  enum class Where { kBegin, kMid, kEnd } where;
  std::optional<Grain> unit;
  if (Eat(p, "eom")) {
    where = Where::kEnd, unit = Grain::kMonth;
  } else if (Eat(p, "bom")) {
    where = Where::kBegin, unit = Grain::kMonth;
  } else if (Eat(p, "eoy")) {
    where = Where::kEnd, unit = Grain::kYear;
  } else if (Eat(p, "boy")) {
    where = Where::kBegin, unit = Grain::kYear;
  } else if (Eat(p, "eod") || EatSeq(p, {"end", "of", "day"}) ||
             EatSeq(p, {"end", "of", "the", "day"})) {
    return Span{today, Grain::kDay, today + kDaySeconds};
  } else if (EatSeq(p, {"end", "of"})) {
    where = Where::kEnd;
  } else if (EatSeq(p, {"beginning", "of"}) || EatSeq(p, {"start", "of"})) {
    where = Where::kBegin;
  } else if (EatSeq(p, {"middle", "of"}) || Eat(p, "mid")) {
    where = Where::kMid;
  } else if (Eat(p, "late")) {
    where = Where::kEnd;
  } else if (Eat(p, "early")) {
    where = Where::kBegin;
  } else {
    return std::nullopt;
  }
  std::optional<Span> period;
  if (unit) {
    period = Span{Truncate(now_, *unit), *unit, {}};
  } else {
    int q = p;
    Eat(q, "the");
    if (Eat(q, "month")) {
      period = Span{Truncate(now_, Grain::kMonth), Grain::kMonth, {}};
    } else if (Eat(q, "year")) {
      period = Span{Truncate(now_, Grain::kYear), Grain::kYear, {}};
    } else if (auto y = Year(q, false)) {
      period = Span{FromCivil(*y, 1, 1), Grain::kYear, {}};
    } else {
      q = p;
      int shift = 0;
      Eat(q, "the");
      if (EatAny(q, {"this", "current"})) {
        shift = 0;
      } else if (EatAny(q, {"last", "past", "previous"})) {
        shift = -1;
      } else if (EatAny(q, {"coming", "next", "following"}) || EatSeq(q, {"around", "next"})) {
        shift = 1;
      }
      if (Eat(q, "week")) {
        period = Span{monday + shift * 7 * kDaySeconds, Grain::kWeek, {}};
      } else {
        q = p;
        period = MonthTarget(q);
        if (period && period->grain != Grain::kMonth) period.reset();
      }
    }
    if (!period) return std::nullopt;
    p = q;
  }
  LocalSeconds s = period->start;
  switch (period->grain) {
    case Grain::kWeek:
      // Beginning of a week is Monday to Wednesday, its end Friday to Sunday.
      if (where == Where::kBegin) return Span{s, Grain::kDay, s + 3 * kDaySeconds};
      if (where == Where::kEnd) return Span{s + 4 * kDaySeconds, Grain::kDay, s + 7 * kDaySeconds};
      return std::nullopt;
    case Grain::kMonth: {
      LocalSeconds next = Add(s, Grain::kMonth, 1);
      if (where == Where::kBegin) return Span{s, Grain::kDay, s + 10 * kDaySeconds};
      if (where == Where::kMid)
        return Span{s + 10 * kDaySeconds, Grain::kDay, s + 20 * kDaySeconds};
      return Span{s + 20 * kDaySeconds, Grain::kDay, next};
    }
    case Grain::kYear:
      if (where == Where::kBegin) return Span{s, Grain::kMonth, Add(s, Grain::kMonth, 3)};
      if (where == Where::kEnd)
        return Span{Add(s, Grain::kMonth, 8), Grain::kMonth, Add(s, Grain::kYear, 1)};
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace chronotrail::nlp
