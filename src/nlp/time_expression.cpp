#include "nlp/time_expression.h"

#include <date/tz.h>

#include <chrono>

#include "core/time.h"
#include "nlp/time_grammar.h"
#include "nlp/time_lexicon.h"

namespace chronotrail::nlp {

TimeExpression ParseTimeExpression(std::string_view text, const TimeReference& reference) {
  TimeExpression out;
  out.offset_minutes = reference.offset_minutes;
  LocalSeconds now = reference.utc_seconds + std::int64_t(reference.offset_minutes) * 60;
  Grammar grammar(Tokenize(text), now, reference.offset_minutes);
  std::optional<Parsed> parsed = grammar.Whole();
  if (!parsed) return out;
  out.grain = parsed->span.grain;
  switch (parsed->kind) {
    case SpanKind::kInstant:
      out.kind = TimeKind::kInstant;
      out.value = parsed->span.start;
      break;
    case SpanKind::kInterval:
      // "by 6" said at 18:30, "by yesterday", "within 0 hours": from now to a moment already
      // begun. No time lies in such an interval, and a search in it would find nothing.
      if (*parsed->span.end <= parsed->span.start) return out;
      out.kind = TimeKind::kInterval;
      out.from = parsed->span.start;
      out.to = *parsed->span.end;
      break;
    case SpanKind::kOpenBefore:
      out.kind = TimeKind::kOpenBefore;
      out.to = parsed->span.start;
      break;
    case SpanKind::kOpenAfter:
      out.kind = TimeKind::kOpenAfter;
      out.from = parsed->span.start;
      break;
  }
  // ISO-8601 without expanded years: a date outside 0001..9999 has no answer we can write.
  for (LocalSeconds t : {out.value, out.from, out.to}) {
    int year = ToCivil(t).year;
    if (year < 1 || year > 9999)
      return TimeExpression{TimeKind::kNone, Grain::kSecond, 0, 0, 0, reference.offset_minutes};
  }
  return out;
}

std::optional<TimeReference> ParseTimeReference(std::string_view iso) {
  std::optional<Micros> t = ParseIsoTime(iso);
  if (!t) return std::nullopt;
  // ParseIsoTime reads the offset but returns UTC; read the offset again from the text's end.
  int offset = 0;
  if (iso.size() > 19 && (iso.back() == 'Z' || iso.back() == 'z')) {
    offset = 0;
  } else if (iso.size() >= 25 && (iso[iso.size() - 6] == '+' || iso[iso.size() - 6] == '-') &&
             iso[iso.size() - 3] == ':') {
    std::string_view tail = iso.substr(iso.size() - 5);
    offset = ((tail[0] - '0') * 10 + (tail[1] - '0')) * 60 + (tail[3] - '0') * 10 + (tail[4] - '0');
    if (iso[iso.size() - 6] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  std::int64_t micros = *t;
  std::int64_t seconds = micros >= 0 ? micros / kMicrosPerSecond
                                     : -((-micros + kMicrosPerSecond - 1) / kMicrosPerSecond);
  return TimeReference{seconds, offset};
}

std::optional<TimeReference> ReferenceInZone(std::int64_t utc_seconds, const std::string& zone) {
  try {
    const date::time_zone* tz = date::locate_zone(zone);
    date::sys_seconds at{std::chrono::seconds{utc_seconds}};
    auto info = tz->get_info(at);
    return TimeReference{utc_seconds, int(info.offset.count() / 60)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

const char* TimeKindName(TimeKind kind) {
  switch (kind) {
    case TimeKind::kNone:
      return "none";
    case TimeKind::kInstant:
      return "instant";
    case TimeKind::kInterval:
      return "interval";
    case TimeKind::kOpenBefore:
      return "open_before";
    case TimeKind::kOpenAfter:
      return "open_after";
  }
  return "none";
}

std::string TimeExpressionJson(const TimeExpression& e) {
  std::string out = "{\"kind\":\"";
  out += TimeKindName(e.kind);
  out += '"';
  if (e.kind == TimeKind::kNone) return out + "}";
  out += ",\"grain\":\"";
  out += GrainName(e.grain);
  out += '"';
  auto field = [&](const char* name, LocalSeconds t) {
    out += ",\"";
    out += name;
    out += "\":\"";
    out += FormatLocal(t, e.offset_minutes);
    out += '"';
  };
  if (e.kind == TimeKind::kInstant) field("value", e.value);
  if (e.kind == TimeKind::kInterval || e.kind == TimeKind::kOpenAfter) field("from", e.from);
  if (e.kind == TimeKind::kInterval || e.kind == TimeKind::kOpenBefore) field("to", e.to);
  return out + "}";
}

}  // namespace chronotrail::nlp
