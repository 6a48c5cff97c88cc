// Instants are UTC microseconds since the Unix epoch, everywhere below the HTTP layer. This file
// holds the one ISO-8601 parser and formatter, and the clock that services read "now" from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chronotrail {

using Micros = std::int64_t;

constexpr Micros kMicrosPerSecond = 1'000'000;
constexpr Micros kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fraction]]" (a space may stand for the T) with an
// optional zone "Z", "±HH:MM", "±HHMM" or "±HH". No zone means UTC; a date alone means midnight
// UTC. Returns nullopt for anything else, including impossible dates (2023-02-29) and years outside
// 1..9999. Fractions beyond microseconds are truncated.
std::optional<Micros> ParseIsoTime(std::string_view text);

// True when `text` is a date alone ("YYYY-MM-DD"), which list filters read as a whole day.
bool IsDateOnly(std::string_view text);

// Formats as "YYYY-MM-DDTHH:MM:SSZ", with ".ffffff" when the fraction is not zero.
std::string FormatIsoTime(Micros t);

// The same into `out` (at least kMaxIsoTimeLength bytes, not terminated); returns the length.
constexpr size_t kMaxIsoTimeLength = 32;
size_t FormatIsoTime(Micros t, char* out);

// Where services read the current time; tests substitute a fixed clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Micros Now() const = 0;
};

// The real wall clock. Thread-safe.
class SystemClock : public Clock {
 public:
  Micros Now() const override;
  static const SystemClock& Instance();
};

}  // namespace chronotrail
