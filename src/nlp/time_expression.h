// Time expressions: reads an English phrase such as "last Tuesday", "from 2 to 5 pm" or
// "3 days ago" and resolves it against a reference "now" seen on the user's clock.
//
// Contract: ParseTimeExpression is a pure function of (text, reference): no I/O, no global state,
// safe from any thread. The whole phrase must be one expression; otherwise the result's kind is
// kNone. Results follow Duckling's conventions (see docs/DESIGN-NOTES.md, "Time expressions"):
//   - kInstant: `value` is the start of the grain-sized unit named ("this week" -> its Monday).
//   - kInterval: [from, to), `to` exclusive; a closed "A to B" ends one unit after B starts.
//   - kOpenBefore: only `to`, the start of X in "until X" / "before X".
//   - kOpenAfter: only `from`, the start of X in "after X" / "since X".
// Weeks start on Monday; numeric dates are month/day; a bare weekday, month or clock time is the
// next one that is not past. All values are wall-clock times in the reference's UTC offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nlp/time_calendar.h"

namespace chronotrail::nlp {

// "Now" as the user sees it: an instant and the UTC offset of their clock at that instant.
struct TimeReference {
  std::int64_t utc_seconds = 0;
  int offset_minutes = 0;
};

enum class TimeKind { kNone, kInstant, kInterval, kOpenBefore, kOpenAfter };

struct TimeExpression {
  TimeKind kind = TimeKind::kNone;
  Grain grain = Grain::kSecond;
  LocalSeconds value = 0;  // kInstant
  LocalSeconds from = 0;   // kInterval, kOpenAfter
  LocalSeconds to = 0;     // kInterval (exclusive), kOpenBefore
  int offset_minutes = 0;  // the reference's offset, in which the local times above are read
};

TimeExpression ParseTimeExpression(std::string_view text, const TimeReference& reference);

// "2013-02-12T04:30:00-02:00" (an offset is required; "Z" is +00:00). nullopt when malformed.
std::optional<TimeReference> ParseTimeReference(std::string_view iso);
// The reference for an instant in an IANA zone ("Europe/Lisbon"); nullopt for an unknown zone.
std::optional<TimeReference> ReferenceInZone(std::int64_t utc_seconds, const std::string& zone);

const char* TimeKindName(TimeKind kind);
// One JSON object: {"kind":…, "grain":…, "value"|"from"|"to": ISO-8601 with the offset}.
std::string TimeExpressionJson(const TimeExpression& e);

}  // namespace chronotrail::nlp
