// Wall-clock arithmetic for the time-expression parser: a local date-time is a count of seconds
// since 1970-01-01T00:00 on the user's own clock (no zone attached), so "the start of the next
// month" is plain civil arithmetic. Conversion to and from instants happens only at the edges
// (time_expression.cpp), with the reference's UTC offset.
#pragma once

#include <cstdint>
#include <string>

namespace chronotrail::nlp {

using LocalSeconds = std::int64_t;

// Precision of a resolved expression, finest first (the order matters: comparisons pick the finer).
enum class Grain { kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kYear };

struct Civil {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

// Throws nothing; days beyond the month's end roll over like std::chrono's sys_days arithmetic.
LocalSeconds FromCivil(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);
Civil ToCivil(LocalSeconds t);

int DaysInMonth(int year, int month);
// ISO weekday: 1 = Monday ... 7 = Sunday.
int WeekdayOf(LocalSeconds t);

// The start of the grain-sized unit holding t; weeks start on Monday, quarters in Jan/Apr/Jul/Oct.
LocalSeconds Truncate(LocalSeconds t, Grain grain);
// t moved by n units; months, quarters and years keep the day of month, clamped to the month's end.
LocalSeconds Add(LocalSeconds t, Grain grain, std::int64_t n);
// The next finer grain, as Duckling uses it when shifting "now" (year→month, week→day,
// day→hour...).
Grain ShiftGrain(Grain unit);
Grain Finer(Grain a, Grain b);

const char* GrainName(Grain grain);
// "YYYY-MM-DDTHH:MM:SS±HH:MM".
std::string FormatLocal(LocalSeconds t, int offset_minutes);

}  // namespace chronotrail::nlp
