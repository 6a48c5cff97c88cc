// JSON bodies of the visit and note routes. Input: the request body. Each body goes through the
// four readers the handlers of src/api/notes.cpp and src/api/locations.cpp use (create and
// change, for notes and for visits), built from the same pieces (Request::json_body, JsonFields,
// ReadPlaceInput), and then through the field rules of the services (record_checks.h,
// validation.h). Those readers and TimelineService's rules sit behind an anonymous namespace and a
// RecordStore, so they are composed here as the handlers compose them. ApiError is the expected
// way to reject a body; anything else escaping is a finding.
#include <cmath>
#include <cstdint>
#include <string>

#include "api/json_fields.h"
#include "core/error.h"
#include "core/validation.h"
#include "fuzz_input.h"
#include "http/message.h"
#include "services/record_checks.h"

namespace {

using namespace chronotrail;
using api::JsonFields;
using api::ValueOf;
using fuzz::Check;

// "Now" for the not-in-the-future rule: 2024-03-12T12:00:00Z, as a fixed clock would give.
constexpr Micros kNow = 1710244800LL * kMicrosPerSecond;

// What every accepted place must look like, whichever route accepted it.
void CheckAcceptedPlace(const Place& place) {
  if (place.coordinates) {
    Check(std::fabs(place.coordinates->longitude) <= 180, "accepted longitude out of range");
    Check(std::fabs(place.coordinates->latitude) <= 90, "accepted latitude out of range");
  }
  Check(place.names.size() <= limits::kMaxNames, "accepted too many names");
  for (const std::string& name : place.names) {
    Check(!name.empty() && CharCount(name) <= limits::kMaxNameChars, "accepted a bad name");
  }
}

void CreateNote(const http::Request& req) {
  boost::json::object body = req.json_body();
  FieldErrors errors;
  JsonFields f(body, errors);
  std::optional<std::string> text = ValueOf(f.String("text_content"));
  std::optional<Micros> timestamp = ValueOf(f.Time("timestamp"));
  PlaceInput place_input = api::ReadPlaceInput(f);
  if (!errors.Has("text_content")) {
    if (!text || Trim(*text).empty()) {
      errors.Add("text_content", "is required");
    } else {
      CheckMaxChars(Trim(*text), limits::kMaxNoteChars, "text_content", errors);
    }
  }
  CheckRequiredTime(timestamp, "timestamp", kNow, errors);
  Place place = CheckPlace(std::move(place_input), errors);
  errors.ThrowIfAny();
  Check(timestamp && *timestamp <= kNow + limits::kClockSkew, "accepted a future note");
  CheckAcceptedPlace(place);
}

void ChangeNote(const http::Request& req) {
  boost::json::object body = req.json_body();
  FieldErrors errors;
  JsonFields f(body, errors);
  Patch<std::string> text = f.String("text_content");
  Patch<Micros> timestamp = f.Time("timestamp");
  Patch<double> longitude = f.Number("longitude");
  Patch<double> latitude = f.Number("latitude");
  Patch<std::string> address = f.String("address");
  Patch<std::vector<std::string>> names = f.StringList("names");
  if (timestamp && *timestamp) CheckNotFuture(**timestamp, kNow, "timestamp", errors);
  if (longitude || latitude) {
    CheckCoordinates(longitude ? *longitude : std::nullopt, latitude ? *latitude : std::nullopt,
                     errors);
  }
  if (address && *address && !errors.Has("address")) {
    CheckMaxChars(**address, limits::kMaxAddressChars, "address", errors);
  }
  if (names && *names && !errors.Has("names")) CheckNames(**names, errors);
  errors.ThrowIfAny();
}

void CreateVisit(const http::Request& req) {
  boost::json::object body = req.json_body();
  FieldErrors errors;
  JsonFields f(body, errors);
  std::optional<Micros> visit_time = ValueOf(f.Time("visit_time"));
  PlaceInput place_input = api::ReadPlaceInput(f);
  std::optional<std::int64_t> duration = ValueOf(f.Integer("duration"));
  std::optional<std::string> description = ValueOf(f.String("description"));
  CheckRequiredTime(visit_time, "visit_time", kNow, errors);
  Place place = CheckPlace(std::move(place_input), errors);
  if (description && !errors.Has("description")) {
    CheckMaxChars(*description, limits::kMaxDescriptionChars, "description", errors);
  }
  errors.ThrowIfAny();
  CheckAcceptedPlace(place);
  (void)duration;
}

void ChangeVisit(const http::Request& req) {
  boost::json::object body = req.json_body();
  FieldErrors errors;
  JsonFields f(body, errors);
  Patch<std::string> description = f.String("description");
  Patch<std::string> address = f.String("address");
  Patch<std::vector<std::string>> names = f.StringList("names");
  Patch<std::int64_t> duration = f.Integer("duration");
  if (description && *description && !errors.Has("description")) {
    CheckMaxChars(**description, limits::kMaxDescriptionChars, "description", errors);
  }
  if (address && *address && !errors.Has("address")) {
    CheckMaxChars(**address, limits::kMaxAddressChars, "address", errors);
  }
  if (names && *names && !errors.Has("names")) CheckNames(**names, errors);
  errors.ThrowIfAny();
  (void)duration;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::RawRequest raw{http::beast_http::verb::post, "/api/v1/notes", 11};
  raw.set(http::beast_http::field::content_type, "application/json");
  raw.body().assign(fuzz::AsText(data, size));
  const http::Request req(raw, "fuzz");
  for (auto read : {CreateNote, ChangeNote, CreateVisit, ChangeVisit}) {
    try {
      read(req);
    } catch (const ApiError&) {
      // A rejected body: the expected outcome for most inputs.
    }
  }
  return 0;
}
