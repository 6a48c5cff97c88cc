#include "nlp/time_calendar.h"

#include <chrono>
#include <cstdlib>

namespace chronotrail::nlp {
namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

LocalSeconds FromCivil(int year, int month, int day, int hour, int minute, int second) {
  using namespace std::chrono;
  // Day 1 plus an offset lets callers pass day 0 or 32 and get the neighbouring month's day.
  sys_days first = sys_days{std::chrono::year{year} / std::chrono::month{unsigned(month)} / 1};
  std::int64_t days = first.time_since_epoch().count() + (day - 1);
  return days * kDay + hour * 3600 + minute * 60 + second;
}

Civil ToCivil(LocalSeconds t) {
  using namespace std::chrono;
  std::int64_t days = FloorDiv(t, kDay);
  std::int64_t rest = t - days * kDay;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  Civil c;
  c.year = int(ymd.year());
  c.month = int(unsigned(ymd.month()));
  c.day = int(unsigned(ymd.day()));
  c.hour = int(rest / 3600);
  c.minute = int(rest / 60 % 60);
  c.second = int(rest % 60);
  return c;
}

int DaysInMonth(int year, int month) {
  using namespace std::chrono;
  return int(unsigned(year_month_day_last{std::chrono::year{year},
                                          month_day_last{std::chrono::month{unsigned(month)}}}
                          .day()));
}

int WeekdayOf(LocalSeconds t) {
  // 1970-01-01 was a Thursday (ISO 4).
  return int((FloorDiv(t, kDay) % 7 + 7 + 3) % 7) + 1;
}

LocalSeconds Truncate(LocalSeconds t, Grain grain) {
  Civil c;
  if (grain >= Grain::kMonth) c = ToCivil(t);
  switch (grain) {
    case Grain::kSecond:
      return t;
    case Grain::kMinute:
      return FloorDiv(t, 60) * 60;
    case Grain::kHour:
      return FloorDiv(t, 3600) * 3600;
    case Grain::kDay:
      return FloorDiv(t, kDay) * kDay;
    case Grain::kWeek:
      return FloorDiv(t, kDay) * kDay - (WeekdayOf(t) - 1) * kDay;
    case Grain::kMonth:
      return FromCivil(c.year, c.month, 1);
    case Grain::kQuarter:
      return FromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
    case Grain::kYear:
      return FromCivil(c.year, 1, 1);
  }
  return t;
}

LocalSeconds Add(LocalSeconds t, Grain grain, std::int64_t n) {
  switch (grain) {
    case Grain::kSecond:
      return t + n;
    case Grain::kMinute:
      return t + n * 60;
    case Grain::kHour:
      return t + n * 3600;
    case Grain::kDay:
      return t + n * kDay;
    case Grain::kWeek:
      return t + n * 7 * kDay;
    case Grain::kMonth:
    case Grain::kQuarter:
    case Grain::kYear: {
      std::int64_t months = grain == Grain::kMonth ? n : grain == Grain::kQuarter ? 3 * n : 12 * n;
      Civil c = ToCivil(t);
      std::int64_t index = std::int64_t(c.year) * 12 + (c.month - 1) + months;
      int year = int(FloorDiv(index, 12));
      int month = int(index - std::int64_t(year) * 12) + 1;
      int day = std::min(c.day, DaysInMonth(year, month));
      return FromCivil(year, month, day, c.hour, c.minute, c.second);
    }
  }
  return t;
}

Grain ShiftGrain(Grain unit) {
  switch (unit) {
    case Grain::kSecond:
      return Grain::kSecond;
    case Grain::kMinute:
      return Grain::kSecond;
    case Grain::kHour:
      return Grain::kMinute;
    case Grain::kDay:
      return Grain::kHour;
    case Grain::kWeek:
    case Grain::kMonth:
      return Grain::kDay;
    case Grain::kQuarter:
    case Grain::kYear:
      return Grain::kMonth;
  }
  return unit;
}

Grain Finer(Grain a, Grain b) {
  return a < b ? a : b;
}

const char* GrainName(Grain grain) {
  static const char* const kNames[] = {"second", "minute", "hour",    "day",
                                       "week",   "month",  "quarter", "year"};
  return kNames[int(grain)];
}

std::string FormatLocal(LocalSeconds t, int offset_minutes) {
  // Written by hand: snprintf was a tenth of `nlp time --jsonl`'s time.
  Civil c = ToCivil(t);
  int off = std::abs(offset_minutes);
  std::string out(25, '0');
  auto put = [&out](size_t at, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[at + i] = char('0' + value % 10);
  };
  put(0, c.year, 4);
  out[4] = '-';
  put(5, c.month, 2);
  out[7] = '-';
  put(8, c.day, 2);
  out[10] = 'T';
  put(11, c.hour, 2);
  out[13] = ':';
  put(14, c.minute, 2);
  out[16] = ':';
  put(17, c.second, 2);
  out[19] = offset_minutes < 0 ? '-' : '+';
  put(20, off / 60, 2);
  out[22] = ':';
  put(23, off % 60, 2);
  return out;
}

}  // namespace chronotrail::nlp
