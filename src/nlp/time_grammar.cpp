#include "nlp/time_grammar.h"

#include <algorithm>

namespace chronotrail::nlp {

bool Grammar::Eat(int& p, std::string_view w) {
  if (!At(p, w)) return false;
  ++p;
  return true;
}

bool Grammar::EatAny(int& p, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (Eat(p, w)) return true;
  }
  return false;
}

bool Grammar::EatSeq(int& p, std::initializer_list<std::string_view> words) {
  int q = p;
  for (std::string_view w : words) {
    if (!Eat(q, w)) return false;
  }
  p = q;
  return true;
}

std::optional<long> Grammar::Digits(int& p, int min_digits, int max_digits) {
  if (p >= Size() || !t_[p].number) return std::nullopt;
  if (t_[p].digits < min_digits || t_[p].digits > max_digits) return std::nullopt;
  return t_[p++].value;
}

std::optional<int> Grammar::Cardinal(int& p) {
  if (auto d = Digits(p, 1, 2)) return int(*d);
  if (p >= Size()) return std::nullopt;
  if (auto tens = TensWordValue(t_[p].text)) {
    ++p;
    int q = p;
    Eat(q, "-");
    if (q < Size()) {
      if (auto unit = NumberWordValue(t_[q].text); unit && *unit < 10) {
        p = q + 1;
        return *tens + *unit;
      }
    }
    return *tens;
  }
  if (auto unit = NumberWordValue(t_[p].text)) {
    ++p;
    return *unit;
  }
  return std::nullopt;
}

std::optional<int> Grammar::Ordinal(int& p) {
  int q = p;
  if (auto d = Digits(q, 1, 2)) {
    if (EatAny(q, {"st", "nd", "rd", "th"})) {
      p = q;
      return int(*d);
    }
    return std::nullopt;
  }
  if (q >= Size()) return std::nullopt;
  if (auto tens = TensWordValue(t_[q].text)) {
    ++q;
    Eat(q, "-");
    if (q < Size()) {
      if (auto o = OrdinalWordValue(t_[q].text); o && *o < 10) {
        p = q + 1;
        return *tens + *o;
      }
    }
    return std::nullopt;
  }
  if (auto o = OrdinalWordValue(t_[q].text)) {
    p = q + 1;
    return *o;
  }
  return std::nullopt;
}

std::optional<int> Grammar::DayNumber(int& p) {
  int q = p;
  auto d = Ordinal(q);
  if (!d) {
    q = p;
    auto n = Digits(q, 1, 2);
    if (n) d = int(*n);
  }
  if (!d || *d < 1 || *d > 31) return std::nullopt;
  p = q;
  return d;
}

std::optional<int> Grammar::Quantity(int& p) {
  if (EatSeq(p, {"a", "few"}) || Eat(p, "few")) return 3;
  if (EatSeq(p, {"a", "couple", "of"}) || EatSeq(p, {"couple", "of"})) return 2;
  if (EatAny(p, {"a", "an", "one"})) return 1;
  if (auto d = Digits(p, 1, 4)) return int(*d);
  return Cardinal(p);
}

std::optional<Parsed> Grammar::Whole() {
  using Rule = std::optional<Parsed> (Grammar::*)(int&);
  auto moment = [this](int& p) -> std::optional<Parsed> {
    auto s = Moment(p);
    if (!s) return std::nullopt;
    return Parsed{s->end ? SpanKind::kInterval : SpanKind::kInstant, *s};
  };
  int p = 0;
  if (auto r = moment(p); r && p == Size()) return r;
  for (Rule rule :
       {&Grammar::DayRange, &Grammar::DurationRange, &Grammar::Range, &Grammar::OpenEnded}) {
    p = 0;
    if (auto r = (this->*rule)(p); r && p == Size()) return r;
  }
  return std::nullopt;
}

std::optional<Parsed> Grammar::OpenEnded(int& p) {
  int s = p;
  if (Eat(p, "asap") || EatSeq(p, {"as", "soon", "as", "possible"})) {
    return Parsed{SpanKind::kOpenAfter, Span{now_, Grain::kSecond, {}}};
  }
  Eat(p, "anytime");
  if (Eat(p, "by")) {
    auto x = Moment(p);
    if (!x) return std::nullopt;
    return Parsed{SpanKind::kInterval, Span{now_, Grain::kSecond, x->end ? *x->end : x->start}};
  }
  if (Eat(p, "within")) {
    auto d = Duration(p);
    if (!d) return std::nullopt;
    Span in = InDuration(d->first, d->second, +1);
    return Parsed{SpanKind::kInterval, Span{now_, Grain::kSecond, Truncate(in.start, Grain::kDay)}};
  }
  bool before = EatAny(p, {"until", "till", "through", "before"}) || EatSeq(p, {"up", "to"});
  bool after = !before && (EatAny(p, {"after", "since", "from"}) || EatSeq(p, {"later", "than"}));
  if (!before && !after) {
    p = s;
    return std::nullopt;
  }
  if (after) {
    int q = p;
    if (auto d = Duration(q); d && q == Size()) {
      p = q;
      return Parsed{SpanKind::kOpenAfter, InDuration(d->first, d->second, +1)};
    }
  }
  auto x = Moment(p);
  if (!x) return std::nullopt;
  return Parsed{before ? SpanKind::kOpenBefore : SpanKind::kOpenAfter,
                Span{x->start, x->grain, {}}};
}

Span Grammar::ClosedInterval(const Span& from, const Span& to) const {
  // Duckling's closed interval: the end is one unit past the start of the last element.
  bool both_fine = from.grain < Grain::kDay && to.grain < Grain::kDay;
  Grain unit = both_fine ? Finer(from.grain, to.grain) : to.grain;
  return Span{from.start, Finer(from.grain, to.grain), Add(to.start, unit, 1)};
}

std::optional<Parsed> Grammar::DayRange(int& p) {
  // "13-15 July", "from the 13th to the 15th July", "July 13 - 15": one month, two days.
  auto connector = [this](int& q) { return EatAny(q, {"-", "to", "through", "till", "until"}); };
  int s = p;
  Eat(p, "from");
  Eat(p, "the");
  std::optional<int> month, d1, d2;
  if (p < Size()) month = MonthValue(t_[p].text);
  if (month) ++p;
  if (!(d1 = DayNumber(p)) || !connector(p)) return std::nullopt;
  Eat(p, "the");
  if (!(d2 = DayNumber(p))) return std::nullopt;
  if (!month) {
    if (p >= Size() || !(month = MonthValue(t_[p].text))) return std::nullopt;
    ++p;
  }
  DateSpec spec{std::nullopt, month, d1, std::nullopt};
  int q = p;
  if (auto y = Year(q, true)) {
    spec.year = y;
    p = q;
  }
  auto first = Resolve(spec);
  if (!first || *d2 < *d1) {
    p = s;
    return std::nullopt;
  }
  Span last{first->start + LocalSeconds(*d2 - *d1) * 86400, Grain::kDay, {}};
  return Parsed{SpanKind::kInterval, ClosedInterval(*first, last)};
}

std::optional<Parsed> Grammar::DurationRange(int& p) {
  // "for 10 days from 18th Dec", "from 4pm for thirty minutes", "4pm for 30 mins".
  std::optional<std::pair<double, Grain>> d;
  std::optional<Span> x;
  if (Eat(p, "for")) {
    if (!(d = Duration(p))) return std::nullopt;
    Eat(p, "starting");
    if (!Eat(p, "from")) return std::nullopt;
    if (!(x = Moment(p))) return std::nullopt;
  } else {
    Eat(p, "from");
    if (!(x = Moment(p)) || !Eat(p, "for") || !(d = Duration(p))) return std::nullopt;
  }
  Span last{Add(x->start, d->second, std::int64_t(d->first)), d->second, {}};
  return Parsed{SpanKind::kInterval, ClosedInterval(*x, last)};
}

std::optional<Parsed> Grammar::Range(int& p) {
  int s = p;
  auto lead = [this](int& q) {
    return EatAny(q, {"from", "between"}) || EatSeq(q, {"in", "between"}) ||
           EatSeq(q, {"later", "than"});
  };
  auto connector = [this](int& q) {
    return EatAny(q, {"-", "to", "through", "till", "until", "and", "/"}) ||
           EatSeq(q, {"but", "before"});
  };
  Pieces shared, x, y;
  CollectPieces(p, shared);
  if (!lead(p)) {
    p = s;
    shared = Pieces{};
    lead(p);
  }
  if (!CollectPieces(p, x) || !connector(p) || !CollectPieces(p, y)) return std::nullopt;
  CollectPieces(p, shared);
  if (shared.days.size() > 1 || shared.clock) return std::nullopt;
  // What the second end says about the day or zone holds for the first ("9:30 - 11:00 CST").
  if (x.days.empty() && shared.days.empty() && x.clock && y.clock) x.days = y.days;
  if (!x.zone_minutes && !shared.zone_minutes) x.zone_minutes = y.zone_minutes;
  for (Pieces* side : {&x, &y}) {
    if (side->days.empty() && !shared.days.empty()) side->days = shared.days;
    if (!side->zone_minutes) side->zone_minutes = shared.zone_minutes;
    if (!side->part) side->part = shared.part;
  }
  // "3-4pm": the pm said once covers both ends.
  if (x.clock && y.clock && x.clock->ambiguous && y.clock->pm &&
      x.clock->hour + 12 <= y.clock->hour) {
    x.clock->hour += 12;
    x.clock->ambiguous = false;
  }
  auto from = Combine(x, std::nullopt);
  if (!from) return std::nullopt;
  auto to = Combine(y, from->start);
  if (!to || to->start < from->start) return std::nullopt;
  return Parsed{SpanKind::kInterval, ClosedInterval(*from, *to)};
}

std::optional<Span> Grammar::Moment(int& p) {
  Pieces pieces;
  int s = p;
  if (!CollectPieces(p, pieces)) {
    p = s;
    return std::nullopt;
  }
  return Combine(pieces, std::nullopt);
}

bool Grammar::CollectPieces(int& p, Pieces& out) {
  bool any = false;
  while (p < Size()) {
    // A piece may itself start with a connector word ("in 3 days"), so try it before skipping.
    int before_connectors = p;
    bool found = TakePiece(p, out);
    if (!found) {
      while (EatAny(p, {"at", "@", "on", ",", "in", "the", "of", "for", "around", "approximately",
                        "about", "ish", "(", ")"})) {
      }
      found = p != before_connectors && TakePiece(p, out);
    }
    if (!found) {
      // Trailing connectors belong to whatever follows ("4pm for 30 mins"), except fillers.
      bool fillers_only = true;
      for (int k = before_connectors; k < p; ++k) {
        if (t_[k].text != "ish" && t_[k].text != ")") fillers_only = false;
      }
      if (!fillers_only) p = before_connectors;
      break;
    }
    any = true;
  }
  return any;
}

bool Grammar::TakePiece(int& p, Pieces& out) {
  int q = p;
  if (auto day = Day(q)) {
    out.days.push_back(*day);
  } else if (q = p; !out.clock && (out.clock = ClockTime(q))) {
  } else if (q = p; !out.part && (out.part = Part(q))) {
  } else if (q = p; auto zone = Zone(q)) {
    out.zone_minutes = zone;
  } else {
    return false;
  }
  p = q;
  return true;
}

std::optional<Span> Grammar::Combine(const Pieces& pieces, std::optional<LocalSeconds> not_before) {
  std::optional<Span> day;
  for (const Span& d : pieces.days) {
    if (!day) {
      day = d;
      continue;
    }
    // Two day phrases must nest ("today in one hour"): keep the finer one.
    const Span& coarse = d.grain > day->grain ? d : *day;
    const Span& fine = d.grain > day->grain ? *day : d;
    LocalSeconds coarse_end = coarse.end ? *coarse.end : Add(coarse.start, coarse.grain, 1);
    if (fine.start < coarse.start || fine.start >= coarse_end) return std::nullopt;
    day = fine;
  }
  const PartOfDay* part = pieces.part ? &*pieces.part : nullptr;
  if (pieces.clock) {
    Clock c = *pieces.clock;
    if (pieces.zone_minutes) c.zone_minutes = pieces.zone_minutes;
    std::optional<LocalSeconds> base;
    if (day) base = Truncate(day->start, Grain::kDay);
    if (!base && part && part->day_shift) {
      base = Truncate(now_, Grain::kDay) + *part->day_shift * 86400;
    }
    return PlaceClock(c, base, part, not_before);
  }
  if (pieces.zone_minutes) return std::nullopt;
  if (part) {
    LocalSeconds base = Truncate(now_, Grain::kDay);
    if (day) base = Truncate(day->start, Grain::kDay);
    if (part->day_shift) base += *part->day_shift * 86400;
    return Span{base + part->from * 3600, Grain::kHour, base + part->to * 3600};
  }
  return day;
}

}  // namespace chronotrail::nlp
