#include "core/time.h"

#include <date/date.h>

#include <chrono>

namespace chronotrail {
namespace {

// Reads exactly `n` digits at `pos`, advancing it.
bool ReadDigits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool ReadChar(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Parses the zone suffix at `pos` (which must then reach the end) into an offset in seconds.
std::optional<int> ParseZone(std::string_view s, size_t pos) {
  if (pos == s.size()) return 0;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return 0;
  int sign = s[pos] == '+' ? 1 : s[pos] == '-' ? -1 : 0;
  if (sign == 0) return std::nullopt;
  ++pos;
  int hh = 0, mm = 0;
  if (!ReadDigits(s, pos, 2, hh)) return std::nullopt;
  if (pos < s.size()) {
    ReadChar(s, pos, ':');
    if (!ReadDigits(s, pos, 2, mm)) return std::nullopt;
  }
  if (pos != s.size() || hh > 23 || mm > 59) return std::nullopt;
  return sign * (hh * 3600 + mm * 60);
}

}  // namespace

bool IsDateOnly(std::string_view text) {
  return text.size() == 10 && text[4] == '-' && text[7] == '-';
}

std::optional<Micros> ParseIsoTime(std::string_view s) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (!ReadDigits(s, pos, 4, year) || !ReadChar(s, pos, '-') || !ReadDigits(s, pos, 2, month) ||
      !ReadChar(s, pos, '-') || !ReadDigits(s, pos, 2, day)) {
    return std::nullopt;
  }
  date::year_month_day ymd{date::year{year}, date::month(static_cast<unsigned>(month)),
                           date::day(static_cast<unsigned>(day))};
  if (year < 1 || !ymd.ok()) return std::nullopt;

  int hour = 0, minute = 0, second = 0;
  Micros fraction = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!ReadDigits(s, pos, 2, hour) || !ReadChar(s, pos, ':') || !ReadDigits(s, pos, 2, minute)) {
      return std::nullopt;
    }
    if (ReadChar(s, pos, ':')) {
      if (!ReadDigits(s, pos, 2, second)) return std::nullopt;
      if (ReadChar(s, pos, '.') || ReadChar(s, pos, ',')) {
        Micros scale = 100'000;
        size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          fraction += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return std::nullopt;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  }
  std::optional<int> offset = ParseZone(s, pos);
  if (!offset) return std::nullopt;

  Micros days = date::sys_days(ymd).time_since_epoch().count();
  Micros seconds = days * 86'400 + hour * 3600 + minute * 60 + second - *offset;
  return seconds * kMicrosPerSecond + fraction;
}

std::string FormatIsoTime(Micros t) {
  char buf[kMaxIsoTimeLength];
  return std::string(buf, FormatIsoTime(t, buf));
}

size_t FormatIsoTime(Micros t, char* buf) {
  Micros seconds = t / kMicrosPerSecond;
  Micros fraction = t % kMicrosPerSecond;
  if (fraction < 0) {
    fraction += kMicrosPerSecond;
    --seconds;
  }
  Micros days = seconds / 86'400;
  Micros rest = seconds % 86'400;
  if (rest < 0) {
    rest += 86'400;
    --days;
  }
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  // Written by hand: this runs several times per response, and snprintf costs ten times more.
  char* p = buf;
  auto put = [&p](long long v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
    p += width;
  };
  put(int(ymd.year()), 4);
  *p++ = '-';
  put(unsigned(ymd.month()), 2);
  *p++ = '-';
  put(unsigned(ymd.day()), 2);
  *p++ = 'T';
  put(rest / 3600, 2);
  *p++ = ':';
  put(rest / 60 % 60, 2);
  *p++ = ':';
  put(rest % 60, 2);
  if (fraction != 0) {
    *p++ = '.';
    put(fraction, 6);
  }
  *p++ = 'Z';
  return static_cast<size_t>(p - buf);
}

Micros SystemClock::Now() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace chronotrail
