// TimelineService: the rules for location visits and text notes (docs/API.md), on top of a
// RecordStore. Inputs arrive as loosely-typed drafts whose `errors` already hold the decoding
// problems; each method adds the rule violations and throws one VALIDATION_ERROR naming every bad
// field. Records of other users are reported as not found.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/validation.h"
#include "services/usage.h"
#include "storage/record_store.h"

namespace chronotrail {

// Where a record happened, as sent by a client (each part optional).
struct PlaceInput {
  std::optional<double> longitude;
  std::optional<double> latitude;
  std::optional<std::string> address;
  std::optional<std::vector<std::string>> names;
};

struct VisitInput {
  FieldErrors errors;
  std::optional<Micros> visit_time;
  PlaceInput place;
  std::optional<std::int64_t> duration;
  std::optional<std::string> description;
};

// A partial update of a visit: the fields the app may correct after the fact.
struct VisitChanges {
  FieldErrors errors;
  Patch<std::string> description;
  Patch<std::string> address;
  Patch<std::vector<std::string>> names;
  Patch<std::int64_t> duration;
};

struct NoteInput {
  FieldErrors errors;
  std::optional<std::string> text;
  std::optional<Micros> timestamp;
  PlaceInput place;
};

struct NoteChanges {
  FieldErrors errors;
  Patch<std::string> text;  // null is rejected
  Patch<Micros> timestamp;  // null is rejected
  Patch<double> longitude;  // with latitude: both values, or both null to clear
  Patch<double> latitude;
  Patch<std::string> address;
  Patch<std::vector<std::string>> names;
};

// A list request: optional inclusive time window and a page.
struct ListInput {
  FieldErrors errors;
  std::optional<Micros> start;
  std::optional<Micros> end;
  std::optional<std::int64_t> page;
  std::optional<std::int64_t> page_size;
};

// A validated list request.
struct ListQuery {
  TimeRange range;
  PageRequest page;
};

class TimelineService {
 public:
  TimelineService(RecordStore& store, const UsageService& usage, const Clock& clock)
      : store_(store), usage_(usage), clock_(clock) {}

  // Creating counts against the user's daily limits (visits: the anti-abuse cap; notes: content)
  // and throws USAGE_LIMIT_EXCEEDED past them. Lists reach no further back than the tier's history
  // window: cut at it, or FORBIDDEN when the whole requested range lies before it.
  Counted<Visit> CreateVisit(const User& user, VisitInput input) const;
  Visit GetVisit(const User& user, const std::string& id) const;
  PageOf<Visit> ListVisits(const User& user, const ListQuery& query) const;
  Visit UpdateVisit(const User& user, const std::string& id, VisitChanges changes) const;
  void DeleteVisit(const User& user, const std::string& id) const;

  Counted<Note> CreateNote(const User& user, NoteInput input) const;
  Note GetNote(const User& user, const std::string& id) const;
  PageOf<Note> ListNotes(const User& user, const ListQuery& query) const;
  Note UpdateNote(const User& user, const std::string& id, NoteChanges changes) const;
  void DeleteNote(const User& user, const std::string& id) const;

  // Checks page bounds (page ≥ 1, page_size 1..100, default 20) and that start ≤ end.
  static ListQuery CheckList(ListInput input);

 private:
  RecordStore& store_;
  const UsageService& usage_;
  const Clock& clock_;
};

}  // namespace chronotrail
