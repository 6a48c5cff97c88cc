// Clock times ("3:15pm", "15h", "a quarter to noon", "nine fifty nine a m"), parts of the day
// ("this morning", "late last night"), and the rule that puts a clock time on a day.
#include "nlp/time_grammar.h"

namespace chronotrail::nlp {

void Grammar::Meridiem(int& p, Clock& c) {
  int q = p;
  bool am = false, pm = false;
  if (Eat(q, "am")) {
    am = true;
  } else if (Eat(q, "a")) {
    am = true;
    Eat(q, "m");
  } else if (Eat(q, "pm")) {
    pm = true;
  } else if (Eat(q, "p")) {
    pm = true;
    Eat(q, "m");
  }
  if (!am && !pm) return;
  if (c.hour > 12 || c.hour == 0) return;  // "15h pm" is no clock we know
  p = q;
  c.ambiguous = false;
  c.pm = pm;
  if (am && c.hour == 12) c.hour = 0;
  if (pm && c.hour < 12) c.hour += 12;
}

std::optional<Clock> Grammar::PlainClock(int& p) {
  int s = p;
  Clock c;
  if (Eat(p, "noon") || Eat(p, "midday")) {
    c.hour = 12;
    return c;
  }
  if (Eat(p, "midnight")) {
    c.hour = 24;
    return c;
  }
  if (p < Size() && t_[p].number && (t_[p].digits == 3 || t_[p].digits == 4)) {
    // "1030", "730": hours and minutes run together.
    long v = t_[p].value;
    if (v / 100 > 23 || v % 100 > 59) return std::nullopt;
    ++p;
    c.hour = int(v / 100);
    c.minute = int(v % 100);
    c.grain = Grain::kMinute;
    c.ambiguous = c.hour >= 1 && c.hour <= 12;
    Meridiem(p, c);
    return c;
  }
  bool hour_in_words = p < Size() && !t_[p].number;
  auto h = Cardinal(p);
  if (!h || *h > 24) {
    p = s;
    return std::nullopt;
  }
  c.hour = *h;
  c.ambiguous = *h >= 1 && *h <= 12;
  if (Eat(p, ":")) {
    auto m = Digits(p, 2, 2);
    if (!m || *m > 59) {
      p = s;
      return std::nullopt;
    }
    c.minute = int(*m);
    c.grain = Grain::kMinute;
    int q = p;
    if (Eat(q, ":")) {
      if (auto sec = Digits(q, 2, 2); sec && *sec <= 59) {
        c.second = int(*sec);
        c.grain = Grain::kSecond;
        p = q;
      }
    }
  } else if (Eat(p, "h")) {
    // "15h", "15h30": the French-style clock is always read to the minute.
    c.grain = Grain::kMinute;
    c.ambiguous = false;
    if (auto m = Digits(p, 2, 2); m && *m <= 59) c.minute = int(*m);
  } else {
    int q = p;
    // "three twenty", "nine fifty nine", and "3 15" when the minutes have two digits.
    bool words_follow = q < Size() && !t_[q].number;
    bool two_digits = q < Size() && t_[q].number && t_[q].digits == 2;
    if ((hour_in_words && words_follow) || (!hour_in_words && two_digits)) {
      if (auto m = Cardinal(q); m && *m <= 59 && (hour_in_words || *m >= 10)) {
        c.minute = *m;
        c.grain = Grain::kMinute;
        p = q;
      }
    }
    if (c.grain == Grain::kHour) {
      EatSeq(p, {"o", "'", "clock"}) || Eat(p, "oclock");
      // "10 days" is a quantity, not ten o'clock.
      if (p < Size() && UnitValue(t_[p].text) && !At(p, "h")) {
        p = s;
        return std::nullopt;
      }
    }
  }
  Meridiem(p, c);
  return c;
}

std::optional<Clock> Grammar::ClockTime(int& p) {
  int s = p;
  // "a quarter past 3pm", "20 minutes to 2pm", "15 minutes from 1pm", "half past noon".
  std::optional<int> minutes;
  Eat(p, "a");
  if (Eat(p, "quarter")) {
    minutes = 15;
  } else if (Eat(p, "half")) {
    minutes = 30;
  } else if (auto m = Cardinal(p)) {
    minutes = m;
    // "2 to 5 pm" is a range; a bare number counts minutes before an hour only when it cannot
    // be an hour itself ("15 to noon") or the word "minutes" says so.
    bool said_minutes = EatAny(p, {"minutes", "minute", "mins", "min"});
    if (!said_minutes && *m <= 12 && (At(p, "to") || At(p, "till") || At(p, "before"))) {
      minutes.reset();
    }
  }
  if (minutes && *minutes < 60) {
    int sign = EatAny(p, {"past", "after", "from"})  ? 1
               : EatAny(p, {"to", "till", "before"}) ? -1
                                                     : 0;
    if (sign != 0) {
      if (auto base = PlainClock(p); base && base->minute == 0 && base->second == 0) {
        Clock c = *base;
        int total = c.hour * 60 + sign * *minutes;
        c.hour = total / 60;
        c.minute = total % 60;
        c.grain = Grain::kMinute;
        return c;
      }
    }
  }
  p = s;
  if (auto c = PlainClock(p)) {
    EatSeq(p, {"ish"});
    return c;
  }
  p = s;
  return std::nullopt;
}

std::optional<int> Grammar::Zone(int& p) {
  int q = p;
  bool paren = Eat(q, "(");
  if (q >= Size()) return std::nullopt;
  auto z = ZoneOffsetMinutes(t_[q].text);
  if (!z) return std::nullopt;
  ++q;
  if (paren && !Eat(q, ")")) return std::nullopt;
  p = q;
  return z;
}

std::optional<PartOfDay> Grammar::Part(int& p) {
  PartOfDay part;
  if (EatSeq(p, {"after", "lunch"})) return PartOfDay{13, 17, true, std::nullopt};
  bool late = Eat(p, "late");
  bool early = !late && Eat(p, "early");
  if (Eat(p, "tonight")) {
    part = PartOfDay{18, 24, true, 0};
  } else if (EatSeq(p, {"last", "night"})) {
    part = PartOfDay{18, 24, true, -1};
  } else {
    std::optional<int> shift;
    if (Eat(p, "this")) shift = 0;
    if (Eat(p, "morning")) {
      part = PartOfDay{0, 12, false, shift};
    } else if (Eat(p, "afternoon")) {
      part = PartOfDay{12, 19, true, shift};
    } else if (Eat(p, "evening") || Eat(p, "night")) {
      part = PartOfDay{18, 24, true, shift};
    } else if (Eat(p, "lunch")) {
      part = PartOfDay{12, 14, true, shift};
    } else {
      return std::nullopt;
    }
  }
  if (late) part.from = part.to == 24 ? 21 : part.to - 3;
  if (early) part.to = part.from == 0 ? 9 : part.from + 3;
  return part;
}

Span Grammar::PlaceClock(const Clock& clock, std::optional<LocalSeconds> day, const PartOfDay* part,
                         std::optional<LocalSeconds> not_before) const {
  Clock c = clock;
  std::vector<int> hours;
  if (c.ambiguous && part) {
    // A part of the day settles am/pm; Duckling reads "12" with any part as the coming midnight.
    if (c.hour == 12 && c.grain == Grain::kHour) {
      hours = {24};
    } else {
      hours = {part->afternoonish && c.hour < 12 ? c.hour + 12 : c.hour};
    }
  } else if (c.ambiguous) {
    hours = {c.hour, c.hour + 12};
  } else {
    hours = {c.hour};
  }
  Grain grain = c.grain;
  LocalSeconds shift = 0;
  if (c.zone_minutes) {
    shift = LocalSeconds(offset_minutes_ - *c.zone_minutes) * 60;
    if (grain == Grain::kHour) grain = Grain::kMinute;
  }
  LocalSeconds today = Truncate(now_, Grain::kDay);
  bool explicit_day = day.has_value() && *day != today;
  LocalSeconds base = day ? *day : today;
  std::optional<LocalSeconds> first;
  for (int d = 0; d < 3; ++d) {
    for (int h : hours) {
      LocalSeconds t = base + d * 86400 + h * 3600 + c.minute * 60 + c.second + shift;
      if (!first) first = t;
      bool ok;
      if (not_before) {
        ok = t > *not_before;
      } else if (explicit_day) {
        ok = true;
      } else {
        // Duckling keeps a time whose hour is still running ("at 4:23" at 4:30 is today).
        ok = Truncate(t, Grain::kHour) + 3600 > now_;
      }
      if (ok) return Span{t, grain, {}};
    }
    if (explicit_day && !not_before) break;
  }
  return Span{*first, grain, {}};
}

}  // namespace chronotrail::nlp
