#include "services/query.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <set>

#include "core/ids.h"
#include "core/limits.h"
#include "nlp/place_matcher.h"
#include "nlp/question.h"
#include "nlp/time_in_text.h"
#include "services/sourced_answer.h"

namespace chronotrail {
namespace {

constexpr size_t kMaxQueryChars = 1000;
constexpr int kSources = 10;
// Records counted or summed for "how many" / "how long" at most (an answer past it says "more
// than"); unranked, each costs a few µs.
constexpr int kAllMatches = 100'000;

Micros ToUtc(nlp::LocalSeconds local, int offset_minutes) {
  return (local - std::int64_t{offset_minutes} * 60) * kMicrosPerSecond;
}

// The question's time as an inclusive UTC range.
TimeRange RangeOf(const nlp::TimeExpression& e) {
  TimeRange r;
  const int off = e.offset_minutes;
  switch (e.kind) {
    case nlp::TimeKind::kInstant:
      r.from = ToUtc(e.value, off);
      r.to = ToUtc(nlp::Add(e.value, e.grain, 1), off) - 1;
      break;
    case nlp::TimeKind::kInterval:
      r.from = ToUtc(e.from, off);
      r.to = ToUtc(e.to, off) - 1;
      break;
    case nlp::TimeKind::kOpenBefore:
      r.to = ToUtc(e.to, off) - 1;
      break;
    case nlp::TimeKind::kOpenAfter:
      r.from = ToUtc(e.from, off);
      break;
    case nlp::TimeKind::kNone:
      break;
  }
  return r;
}

const char* KindOf(nlp::RecordType t) {
  switch (t) {
    case nlp::RecordType::kVisit:
      return "visit";
    case nlp::RecordType::kNote:
      return "note";
    case nlp::RecordType::kPhoto:
      return "photo";
    case nlp::RecordType::kVoice:
      return "voice";
  }
  return "note";
}

SearchFilter::Box BoxAround(double lat, double lon, double radius_km) {
  double dlat = radius_km / 111.0;
  double dlon = radius_km / (111.0 * std::max(0.05, std::cos(lat * M_PI / 180)));
  auto wrap = [](double x) { return x > 180 ? x - 360 : x < -180 ? x + 360 : x; };
  return {lat - dlat, lat + dlat, wrap(lon - dlon), wrap(lon + dlon)};
}

// Words of a follow-up that say "as before" rather than what to look for.
bool IsFollowUpWord(const std::string& w) {
  static const std::set<std::string> kWords = {"day",  "before", "after", "there", "about",
                                               "also", "then",   "that",  "those", "same"};
  return kWords.count(w) > 0;
}

bool Contains(const std::string& text, const char* phrase) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find(phrase) != std::string::npos;
}

// The keywords that are not words of a place name: inside the place's box, "lisbon" would only
// exclude the records that do not say it.
std::vector<std::string> WithoutPlaceWords(const std::vector<std::string>& keywords,
                                           const std::vector<std::string>& places) {
  std::vector<std::string> out;
  for (const std::string& k : keywords) {
    bool in_place = std::any_of(places.begin(), places.end(),
                                [&](const std::string& p) { return Contains(p, k.c_str()); });
    if (!in_place) out.push_back(k);
  }
  return out;
}

std::string VisitContent(const Visit& v) {
  std::string text;
  for (const std::string& n : v.place.names) text += (text.empty() ? "" : ", ") + n;
  if (v.place.address) text += (text.empty() ? "" : ", ") + *v.place.address;
  if (v.description) text += (text.empty() ? "" : ": ") + *v.description;
  return text;
}

// A source's fields known from the search alone; the record fills in the rest.
QuerySource SourceOf(const RankedDoc& d) {
  QuerySource s;
  s.id = d.record_id;
  s.type = d.kind;
  s.timestamp = d.timestamp;
  s.score = d.score;
  s.lexical = d.lexical != 0;
  s.similarity = d.similarity;
  return s;
}

}  // namespace

std::vector<QuerySource> QueryService::Load(const std::string& user_id,
                                            const std::vector<RankedDoc>& docs) const {
  std::vector<QuerySource> out;
  for (const RankedDoc& d : docs) {
    QuerySource s = SourceOf(d);
    if (d.kind == "note") {
      std::optional<Note> n = store_.FindNote(user_id, d.record_id);
      if (!n) continue;
      s.content = n->text;
      s.timestamp = n->timestamp;
      s.place = n->place;
    } else if (d.kind == "visit") {
      std::optional<Visit> v = store_.FindVisit(user_id, d.record_id);
      if (!v) continue;
      s.content = VisitContent(*v);
      s.timestamp = v->visit_time;
      s.place = v->place;
      s.duration_minutes = v->duration_minutes;
      s.description = v->description;
    } else {
      std::optional<Media> m = store_.FindMedia(user_id, d.record_id);
      if (!m) continue;
      s.content = m->text.empty() ? m->description.value_or("") : m->text;
      s.description = m->description;
      s.timestamp = m->timestamp;
      s.place = m->place;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<QuerySource> QueryService::LoadMatches(const std::string& user_id,
                                                   const std::vector<SearchHit>& hits,
                                                   bool visits_in_full) const {
  // Reading thousands of records one by one would cost more than the search that found them.
  auto earliest = std::min_element(hits.begin(), hits.end(),
                                   [](auto& a, auto& b) { return a.timestamp < b.timestamp; });
  auto latest = std::max_element(hits.begin(), hits.end(),
                                 [](auto& a, auto& b) { return a.timestamp < b.timestamp; });
  std::vector<QuerySource> out;
  out.reserve(hits.size());
  for (auto h = hits.begin(); h != hits.end(); ++h) {
    RankedDoc d{h->record_id, h->kind, h->timestamp, 1, 1, -1};
    if (h == earliest || h == latest || (visits_in_full && h->kind == "visit")) {
      std::vector<QuerySource> full = Load(user_id, {d});
      out.insert(out.end(), full.begin(), full.end());  // empty when deleted meanwhile
    } else {
      out.push_back(SourceOf(d));
    }
  }
  return out;
}

Counted<QueryAnswer> QueryService::Ask(const User& user, QueryInput in) const {
  FieldErrors& errors = in.errors;
  std::string text = in.query ? Trim(*in.query) : std::string();
  if (!errors.Has("query")) {
    if (!in.query) {
      errors.Add("query", "is required");
    } else if (text.empty()) {
      errors.Add("query", "must not be empty");
    } else {
      CheckMaxChars(text, kMaxQueryChars, "query", errors);
    }
  }
  if (in.session_id && (in.session_id->empty() || in.session_id->size() > 64)) {
    errors.Add("session_id", "must be 1 to 64 characters");
  }
  std::string zone = in.timezone.value_or(user.timezone.value_or("UTC"));
  if (in.timezone && !IsKnownTimeZone(*in.timezone)) {
    errors.Add("timezone", "must be an IANA time zone such as Europe/Lisbon");
  }
  errors.ThrowIfAny();

  const Micros now = clock_.Now();
  std::optional<nlp::TimeReference> reference = nlp::ReferenceInZone(now / kMicrosPerSecond, zone);
  if (!reference) reference = nlp::TimeReference{now / kMicrosPerSecond, 0};
  nlp::GazetteerPlaceMatcher matcher(gazetteer_, store_.KnownPlaceNames(user.id, 300));
  nlp::Question q = nlp::ParseQuestion(text, *reference, &matcher);

  // --- what to search: the question, completed by the session's previous one ---
  std::string session_id = in.session_id.value_or(NewId());
  std::optional<QueryContext> previous = sessions_.Find(user.id, session_id, now);
  QueryContext ctx;
  if (q.time) ctx.range = RangeOf(*q.time);
  for (nlp::RecordType t : q.types) ctx.kinds.push_back(KindOf(t));
  for (const std::string& k : q.keywords) {
    if (!IsFollowUpWord(k)) ctx.keywords.push_back(k);
  }
  // Meals name a time of day and a subject at once ("what did I eat for lunch on …"): the time
  // parser takes the word for the time; it is kept as a word to search for too.
  for (const char* meal : {"breakfast", "brunch", "lunch", "dinner", "supper"}) {
    if (Contains(q.time_text, meal) &&
        std::find(ctx.keywords.begin(), ctx.keywords.end(), meal) == ctx.keywords.end()) {
      ctx.keywords.push_back(meal);
    }
  }
  ctx.places = q.places;
  for (const nlp::PlaceMatch& p : q.place_matches) {
    if (p.kind == nlp::PlaceKind::kCity && p.city) {
      ctx.box = BoxAround(p.city->latitude, p.city->longitude, nlp::RadiusKm(*p.city));
    } else if (p.kind == nlp::PlaceKind::kCountry && p.country && p.country->has_box) {
      ctx.box = SearchFilter::Box{p.country->min_latitude, p.country->max_latitude,
                                  p.country->min_longitude, p.country->max_longitude};
    }
  }
  if (previous) {
    bool shift_back = Contains(text, "day before");
    bool shift_on = Contains(text, "day after");
    if ((shift_back || shift_on) && !q.time && (previous->range.from || previous->range.to)) {
      Micros d = shift_back ? -kMicrosPerDay : kMicrosPerDay;
      if (previous->range.from) ctx.range.from = *previous->range.from + d;
      if (previous->range.to) ctx.range.to = *previous->range.to + d;
    } else if (!q.time && ctx.keywords.empty()) {
      ctx.range = previous->range;
    }
    if (ctx.keywords.empty()) {
      ctx.keywords = previous->keywords;
      if (ctx.kinds.empty()) ctx.kinds = previous->kinds;
    }
    if (ctx.places.empty() && !ctx.box &&
        (Contains(text, "there") || ctx.keywords == previous->keywords)) {
      ctx.places = previous->places;
      ctx.box = previous->box;
    }
  }

  // The session is saved while the question is searched: the save waits for a commit, the search
  // only reads, and neither needs the other (ctx is not changed from here on).
  // (The future's destructor waits for it on every way out.)
  std::future<void> session_saved =
      std::async(std::launch::async, [&] { sessions_.Save(user.id, session_id, ctx, now); });

  // --- the tier's history window ---
  SearchScope scope;
  scope.time_text = q.time && !previous ? q.time_text : "";
  scope.places = ctx.places;
  scope.keywords = ctx.keywords;
  SearchFilter filter;
  filter.range = ctx.range;
  filter.kinds = ctx.kinds;
  const std::optional<Micros> earliest = usage_.EarliestAllowed(user);
  if (earliest) {
    if (!filter.range.from || *filter.range.from < *earliest) {
      SearchFilter older;
      older.range.to = *earliest - 1;
      if (filter.range.to && *filter.range.to < *older.range.to) older.range.to = filter.range.to;
      if (!store_.SearchText(user.id, {}, TermMatch::kAny, older, 1).empty()) {
        scope.history_cut = *earliest;
      }
      filter.range.from = *earliest;
    }
  }
  scope.from = filter.range.from;
  scope.to = filter.range.to;

  // --- retrieve ---
  auto retrieve = [&](const SearchFilter& f) {
    std::vector<RankedDoc> ranked;
    if (f.range.to && f.range.from && *f.range.from > *f.range.to) return ranked;
    SearchRequest request;
    request.meaning = text;
    request.terms = ctx.keywords;
    request.filter = f;
    request.limit = kSources;
    request.newest_when_empty = true;
    if (ctx.box) {
      // Records located there, whatever their words say, come first; then those that name it.
      SearchRequest boxed = request;
      boxed.filter.box = ctx.box;
      boxed.terms = WithoutPlaceWords(ctx.keywords, ctx.places);
      ranked = search_.Search(user.id, boxed);
    }
    for (RankedDoc& d : search_.Search(user.id, request)) {
      bool seen = std::any_of(ranked.begin(), ranked.end(),
                              [&](const RankedDoc& r) { return r.record_id == d.record_id; });
      if (!seen) ranked.push_back(std::move(d));
    }
    if (ranked.size() > static_cast<size_t>(kSources)) ranked.resize(kSources);
    return ranked;
  };
  // Counting questions also read every match, unranked, on another thread meanwhile.
  const bool aggregate = q.intent == nlp::Intent::kHowMany || q.intent == nlp::Intent::kHowLong ||
                         q.intent == nlp::Intent::kWhenFirst || q.intent == nlp::Intent::kWhenLast;
  auto match_all = [&](SearchFilter all) {
    all.box = ctx.box;
    return search_.Matching(user.id, ctx.keywords, all, kAllMatches);
  };
  std::future<std::vector<SearchHit>> matching;
  if (aggregate && !ctx.keywords.empty()) {
    matching = std::async(std::launch::async, match_all, filter);
  }
  std::vector<RankedDoc> ranked = retrieve(filter);
  if (ranked.empty() && q.time && q.time->grain < nlp::Grain::kDay && !previous) {
    // Nothing at that time of day: a record is often stamped at another hour of the same day (a
    // note written at noon about the evening), so the whole day is searched instead.
    TimeRange days = RangeOf(nlp::CoveringDays(*q.time));
    if (earliest && (!days.from || *days.from < *earliest)) {
      days.from = earliest;  // still within the history window
    }
    filter.range = days;
    scope.from = filter.range.from;
    scope.to = filter.range.to;
    if (matching.valid()) {
      matching.wait();
      matching = std::async(std::launch::async, match_all, filter);
    }
    ranked = retrieve(filter);
  }

  AnswerContext answer_ctx;
  answer_ctx.intent = q.intent;
  answer_ctx.offset_minutes = reference->offset_minutes;
  answer_ctx.scope = scope;
  if (matching.valid()) {
    std::vector<SearchHit> matches = matching.get();
    answer_ctx.all_matches_cut = matches.size() >= static_cast<size_t>(kAllMatches);
    answer_ctx.all_matches = LoadMatches(user.id, matches, q.intent == nlp::Intent::kHowLong);
  }

  QueryAnswer out;
  out.sources = Load(user.id, ranked);
  out.answer = WriteSourcedAnswer(writer_, text, answer_ctx, out.sources,
                                  WriteAnswer(answer_ctx, out.sources));
  for (const QuerySource& s : out.sources) {
    if (s.type != "photo" && s.type != "voice") continue;
    out.media.push_back({s.id, s.type, s.description.value_or(s.content), s.timestamp, s.place});
  }
  out.session_id = session_id;
  out.timestamp = now;
  out.interpretation.scope = scope;
  out.interpretation.types = ctx.kinds;
  out.interpretation.intent = nlp::IntentName(q.intent);
  out.interpretation.timezone = zone;
  session_saved.get();

  // Counted once answered: a question that failed costs nothing.
  UsageDay day = usage_.Today(user);
  UsageCharge charge = usage_.ChargeFor(user, UsageKind::kQuery, day);
  UsageStatus status = usage_.Settle(user, charge, store_.ChargeUsage(user.id, charge), day);
  return {std::move(out), status};
}

}  // namespace chronotrail
