#include "services/answer_writer.h"

#include <algorithm>
#include <set>

#include "nlp/time_calendar.h"

namespace chronotrail {
namespace {

constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

nlp::LocalSeconds Local(Micros t, int offset_minutes) {
  Micros seconds =
      t >= 0 ? t / kMicrosPerSecond : -((-t + kMicrosPerSecond - 1) / kMicrosPerSecond);
  return seconds + std::int64_t{offset_minutes} * 60;
}

// How a record reads inside a sentence: a visit is its place, the rest their words, quoted.
std::string Said(const QuerySource& s) {
  std::string text = s.content;
  if (text.size() > 400) text = text.substr(0, 397) + "...";
  return "\u201c" + text + "\u201d";
}

std::string PlaceOf(const QuerySource& s) {
  std::string place;
  for (const std::string& n : s.place.names) {
    if (!place.empty()) place += ", ";
    place += n;
  }
  if (s.place.address) {
    if (!place.empty()) place += ", ";
    place += *s.place.address;
  }
  return place;
}

// (Appends rather than concatenates: GCC 12 warns falsely on `to_string(n) + " h"` here.)
std::string Minutes(std::int64_t minutes) {
  std::string out = std::to_string(minutes < 60 ? minutes : minutes / 60);
  if (minutes < 60) return out.append(" minutes");
  out.append(" h");
  if (minutes % 60) out.append(" ").append(std::to_string(minutes % 60)).append(" min");
  return out;
}

// " on Tue 12 Mar 2024", " between … and …", " since …", or "" for the question's time.
std::string ScopeText(const AnswerContext& c) {
  const SearchScope& s = c.scope;
  if (!s.time_text.empty()) return " " + s.time_text;
  if (s.from && s.to) {
    std::string a = FormatDay(*s.from, c.offset_minutes);
    std::string b = FormatDay(*s.to, c.offset_minutes);
    return a == b ? " on " + a : " between " + a + " and " + b;
  }
  if (s.from) return " since " + FormatDay(*s.from, c.offset_minutes);
  if (s.to) return " before " + FormatDay(*s.to, c.offset_minutes);
  return "";
}

// One record as a clause: "on Tue 12 Mar 2024 at 09:14 you were at X, for 25 minutes" or
// "on Tue 12 Mar 2024 you noted: “…”".
std::string Fact(const QuerySource& s, int offset) {
  std::string day = "on " + FormatDay(s.timestamp, offset);
  if (s.type == "visit") {
    std::string out = day + " at " + FormatClock(s.timestamp, offset) + " you were at " +
                      (PlaceOf(s).empty() ? std::string("a place") : PlaceOf(s));
    if (s.duration_minutes) out += ", for " + Minutes(*s.duration_minutes);
    if (s.description && !s.description->empty()) out += " (" + *s.description + ")";
    return out;
  }
  if (s.type == "photo") return day + " you took a photo: " + Said(s);
  if (s.type == "voice") return day + " you recorded a voice note: " + Said(s);
  return day + " you noted: " + Said(s);
}

std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string NothingFound(const AnswerContext& c) {
  std::string what;
  for (const std::string& k : c.scope.keywords) what += (what.empty() ? "" : " ") + k;
  std::string out =
      "I found nothing" + (what.empty() ? std::string() : " about \u201c" + what + "\u201d");
  out += ScopeText(c);
  if (!c.scope.places.empty()) {
    out += " in ";
    for (size_t i = 0; i < c.scope.places.size(); ++i) out += (i ? ", " : "") + c.scope.places[i];
  }
  return out + ".";
}

// The strongest evidence that the question's thing happened: a word match, or a close meaning.
bool Supports(const QuerySource& s) {
  return s.lexical || s.similarity >= 0.5;
}

}  // namespace

std::string FormatDay(Micros t, int offset_minutes) {
  nlp::LocalSeconds local = Local(t, offset_minutes);
  nlp::Civil c = nlp::ToCivil(local);
  return std::string(kWeekdays[nlp::WeekdayOf(local) - 1]) + " " + std::to_string(c.day) + " " +
         kMonths[c.month - 1] + " " + std::to_string(c.year);
}

std::string FormatClock(Micros t, int offset_minutes) {
  nlp::Civil c = nlp::ToCivil(Local(t, offset_minutes));
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", c.hour % 100, c.minute % 100);
  return buf;
}

std::string WriteAnswer(const AnswerContext& c, const std::vector<QuerySource>& sources) {
  std::string answer;
  const int offset = c.offset_minutes;
  auto supported = std::find_if(sources.begin(), sources.end(), Supports);
  switch (c.intent) {
    case nlp::Intent::kYesNo:
      if (supported == sources.end()) {
        answer = "No \u2014 " + NothingFound(c);
      } else {
        answer = "Yes \u2014 " + Fact(*supported, offset) + ".";
      }
      break;
    case nlp::Intent::kHowMany: {
      std::vector<const QuerySource*> matches;
      for (const QuerySource& s : c.all_matches) {
        if (Supports(s)) matches.push_back(&s);
      }
      if (matches.empty()) {
        answer = NothingFound(c);
        break;
      }
      std::sort(matches.begin(), matches.end(),
                [](auto* a, auto* b) { return a->timestamp < b->timestamp; });
      answer = (c.all_matches_cut ? "More than " : "") + std::to_string(matches.size()) +
               (matches.size() == 1 ? " time" : " times") + ScopeText(c) + ": ";
      for (size_t i = 0; i < matches.size() && i < 10; ++i) {
        answer += (i ? "; " : "") + FormatDay(matches[i]->timestamp, offset);
      }
      if (matches.size() > 10) answer += "; \u2026";
      answer += ". The latest: " + Fact(*matches.back(), offset) + ".";
      break;
    }
    case nlp::Intent::kHowLong: {
      std::int64_t total = 0;
      int visits = 0;
      for (const QuerySource& s : c.all_matches) {
        if (s.type == "visit" && s.duration_minutes && Supports(s)) {
          total += *s.duration_minutes;
          ++visits;
        }
      }
      if (visits > 0) {
        answer = Minutes(total) + " in total" + ScopeText(c) + " (" + std::to_string(visits) +
                 (visits == 1 ? " visit)." : " visits).");
        break;
      }
      // No visit durations: the words of the best record carry the length ("for 13 minutes").
      answer = supported == sources.end() ? NothingFound(c)
                                          : Capitalized(Fact(*supported, offset)) + ".";
      break;
    }
    case nlp::Intent::kWhenFirst:
    case nlp::Intent::kWhenLast: {
      std::vector<const QuerySource*> matches;
      for (const QuerySource& s : c.all_matches.empty() ? sources : c.all_matches) {
        if (Supports(s)) matches.push_back(&s);
      }
      if (matches.empty()) {
        answer = NothingFound(c);
        break;
      }
      auto by_time = [](auto* a, auto* b) { return a->timestamp < b->timestamp; };
      const QuerySource* pick = c.intent == nlp::Intent::kWhenFirst
                                    ? *std::min_element(matches.begin(), matches.end(), by_time)
                                    : *std::max_element(matches.begin(), matches.end(), by_time);
      answer = Capitalized(Fact(*pick, offset)) + ".";
      break;
    }
    default: {
      if (sources.empty()) {
        answer = NothingFound(c);
        break;
      }
      // The best record, and up to two more that also match by their words.
      answer = Capitalized(Fact(sources.front(), offset)) + ".";
      int more = 0;
      for (size_t i = 1; i < sources.size() && more < 2; ++i) {
        if (!Supports(sources[i])) continue;
        answer += " Also " + Fact(sources[i], offset) + ".";
        ++more;
      }
    }
  }
  if (c.scope.history_cut) {
    answer += " (Your plan reaches back to " + FormatDay(*c.scope.history_cut, offset) +
              "; older records were not searched.)";
  }
  return answer;
}

}  // namespace chronotrail
