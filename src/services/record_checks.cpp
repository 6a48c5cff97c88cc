#include "services/record_checks.h"

#include "core/error.h"
#include "core/ids.h"
#include "core/limits.h"

namespace chronotrail {

Place CheckPlace(PlaceInput in, FieldErrors& errors) {
  Place place;
  CheckCoordinates(in.longitude, in.latitude, errors);
  if (in.longitude && in.latitude) place.coordinates = Coordinates{*in.longitude, *in.latitude};
  if (in.address && !errors.Has("address")) {
    CheckMaxChars(*in.address, limits::kMaxAddressChars, "address", errors);
    place.address = std::move(in.address);
  }
  if (in.names && !errors.Has("names")) {
    CheckNames(*in.names, errors);
    place.names = std::move(*in.names);
  }
  return place;
}

void CheckRequiredTime(const std::optional<Micros>& t, const char* field, Micros now,
                       FieldErrors& errors) {
  if (errors.Has(field)) return;
  if (!t) {
    errors.Add(field, "is required");
  } else {
    CheckNotFuture(*t, now, field, errors);
  }
}

void RequireId(const std::string& id, const char* what) {
  if (!IsUuid(id)) throw ApiError::NotFound(what);
}

}  // namespace chronotrail
