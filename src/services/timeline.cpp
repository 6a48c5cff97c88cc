#include "services/timeline.h"

#include <boost/json.hpp>

#include "core/ids.h"
#include "services/record_checks.h"

namespace chronotrail {
namespace {

constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 100;

// Trims a note's text and checks its length (1..10000 characters after trimming).
std::string CheckNoteText(const std::optional<std::string>& text, FieldErrors& errors) {
  if (errors.Has("text_content")) return {};
  if (!text) {
    errors.Add("text_content", "is required");
    return {};
  }
  std::string trimmed = Trim(*text);
  if (trimmed.empty()) {
    errors.Add("text_content", "must not be empty");
  } else {
    CheckMaxChars(trimmed, limits::kMaxNoteChars, "text_content", errors);
  }
  return trimmed;
}

void CheckDuration(const std::optional<std::int64_t>& minutes, FieldErrors& errors) {
  if (minutes && *minutes < 0 && !errors.Has("duration")) {
    errors.Add("duration", "must be 0 or more minutes");
  }
}

}  // namespace

// ---- visits ----

Counted<Visit> TimelineService::CreateVisit(const User& user, VisitInput in) const {
  FieldErrors& errors = in.errors;
  Micros now = clock_.Now();
  CheckRequiredTime(in.visit_time, "visit_time", now, errors);
  Place place = CheckPlace(std::move(in.place), errors);
  CheckDuration(in.duration, errors);
  if (in.description && !errors.Has("description")) {
    CheckMaxChars(*in.description, limits::kMaxDescriptionChars, "description", errors);
  }
  if (errors.empty() && !place.coordinates && !place.address && place.names.empty()) {
    errors.Add("longitude", "a visit needs coordinates, an address or a name");
  }
  errors.ThrowIfAny();

  Visit v;
  v.id = NewId();
  v.user_id = user.id;
  v.place = std::move(place);
  v.visit_time = *in.visit_time;
  v.duration_minutes = in.duration;
  v.description = std::move(in.description);
  v.created_at = v.updated_at = now;
  UsageDay day = usage_.Today(user);
  UsageCharge charge = usage_.ChargeFor(user, UsageKind::kVisit, day);
  UsageStatus status = usage_.Settle(user, charge, store_.InsertVisit(v, charge), day);
  return {std::move(v), status};
}

Visit TimelineService::GetVisit(const User& user, const std::string& id) const {
  RequireId(id, "Location visit");
  std::optional<Visit> v = store_.FindVisit(user.id, id);
  if (!v) throw ApiError::NotFound("Location visit");
  return *v;
}

PageOf<Visit> TimelineService::ListVisits(const User& user, const ListQuery& query) const {
  return store_.ListVisits(user.id, usage_.WithinHistory(user, query.range), query.page);
}

Visit TimelineService::UpdateVisit(const User& user, const std::string& id,
                                   VisitChanges changes) const {
  FieldErrors& errors = changes.errors;
  Visit v = GetVisit(user, id);
  if (changes.description && !errors.Has("description")) {
    if (*changes.description) {
      CheckMaxChars(**changes.description, limits::kMaxDescriptionChars, "description", errors);
    }
    v.description = *changes.description;
  }
  if (changes.address && !errors.Has("address")) {
    if (*changes.address) {
      CheckMaxChars(**changes.address, limits::kMaxAddressChars, "address", errors);
    }
    v.place.address = *changes.address;
  }
  if (changes.names && !errors.Has("names")) {
    std::vector<std::string> names = changes.names->value_or(std::vector<std::string>{});
    CheckNames(names, errors);
    v.place.names = std::move(names);
  }
  if (changes.duration) {
    CheckDuration(*changes.duration, errors);
    v.duration_minutes = *changes.duration;
  }
  errors.ThrowIfAny();
  v.updated_at = clock_.Now();
  if (!store_.UpdateVisit(v)) throw ApiError::NotFound("Location visit");
  return v;
}

void TimelineService::DeleteVisit(const User& user, const std::string& id) const {
  RequireId(id, "Location visit");
  if (!store_.DeleteVisit(user.id, id)) throw ApiError::NotFound("Location visit");
}

// ---- notes ----

Counted<Note> TimelineService::CreateNote(const User& user, NoteInput in) const {
  FieldErrors& errors = in.errors;
  Micros now = clock_.Now();
  std::string text = CheckNoteText(in.text, errors);
  CheckRequiredTime(in.timestamp, "timestamp", now, errors);
  Place place = CheckPlace(std::move(in.place), errors);
  errors.ThrowIfAny();

  Note n;
  n.id = NewId();
  n.user_id = user.id;
  n.text = std::move(text);
  n.timestamp = *in.timestamp;
  n.place = std::move(place);
  n.created_at = n.updated_at = now;
  UsageDay day = usage_.Today(user);
  UsageCharge charge = usage_.ChargeFor(user, UsageKind::kContent, day);
  UsageStatus status = usage_.Settle(user, charge, store_.InsertNote(n, charge), day);
  return {std::move(n), status};
}

Note TimelineService::GetNote(const User& user, const std::string& id) const {
  RequireId(id, "Text note");
  std::optional<Note> n = store_.FindNote(user.id, id);
  if (!n) throw ApiError::NotFound("Text note");
  return *n;
}

PageOf<Note> TimelineService::ListNotes(const User& user, const ListQuery& query) const {
  return store_.ListNotes(user.id, usage_.WithinHistory(user, query.range), query.page);
}

Note TimelineService::UpdateNote(const User& user, const std::string& id,
                                 NoteChanges changes) const {
  FieldErrors& errors = changes.errors;
  Note n = GetNote(user, id);
  Micros now = clock_.Now();
  if (changes.text) n.text = CheckNoteText(*changes.text, errors);
  if (changes.timestamp) {
    CheckRequiredTime(*changes.timestamp, "timestamp", now, errors);
    if (*changes.timestamp) n.timestamp = **changes.timestamp;
  }
  if (changes.longitude || changes.latitude) {
    std::optional<double> lon = changes.longitude.value_or(std::nullopt);
    std::optional<double> lat = changes.latitude.value_or(std::nullopt);
    bool clear = changes.longitude && changes.latitude && !lon && !lat;
    if (clear) {
      n.place.coordinates.reset();
    } else {
      CheckCoordinates(lon, lat, errors);
      if (lon && lat) n.place.coordinates = Coordinates{*lon, *lat};
    }
  }
  if (changes.address && !errors.Has("address")) {
    if (*changes.address) {
      CheckMaxChars(**changes.address, limits::kMaxAddressChars, "address", errors);
    }
    n.place.address = *changes.address;
  }
  if (changes.names && !errors.Has("names")) {
    std::vector<std::string> names = changes.names->value_or(std::vector<std::string>{});
    CheckNames(names, errors);
    n.place.names = std::move(names);
  }
  errors.ThrowIfAny();
  n.updated_at = now;
  if (!store_.UpdateNote(n)) throw ApiError::NotFound("Text note");
  return n;
}

void TimelineService::DeleteNote(const User& user, const std::string& id) const {
  RequireId(id, "Text note");
  if (!store_.DeleteNote(user.id, id)) throw ApiError::NotFound("Text note");
}

// ---- lists ----

ListQuery TimelineService::CheckList(ListInput in) {
  FieldErrors& errors = in.errors;
  ListQuery q;
  if (in.page && !errors.Has("page")) {
    if (*in.page < 1 || *in.page > 1'000'000) {
      errors.Add("page", "must be between 1 and 1000000");
    } else {
      q.page.page = static_cast<int>(*in.page);
    }
  }
  q.page.page_size = kDefaultPageSize;
  if (in.page_size && !errors.Has("page_size")) {
    if (*in.page_size < 1 || *in.page_size > kMaxPageSize) {
      errors.Add("page_size", "must be between 1 and 100");
    } else {
      q.page.page_size = static_cast<int>(*in.page_size);
    }
  }
  if (in.start && in.end && *in.start > *in.end) {
    errors.Add("start_date", "must not be after end_date");
  }
  errors.ThrowIfAny();
  q.range = TimeRange{in.start, in.end};
  return q;
}

}  // namespace chronotrail
