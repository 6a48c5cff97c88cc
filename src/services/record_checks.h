// Checks shared by the services that create records (visits, notes, media): a place as sent,
// a required past time, and record ids.
#pragma once

#include <optional>
#include <string>

#include "core/model.h"
#include "core/validation.h"
#include "services/timeline.h"

namespace chronotrail {

// Checks a place as sent and turns it into the stored form.
Place CheckPlace(PlaceInput in, FieldErrors& errors);

// Adds "is required" or "must not be in the future" for `field` to `errors`.
void CheckRequiredTime(const std::optional<Micros>& t, const char* field, Micros now,
                       FieldErrors& errors);

// Anything that is not a UUID cannot name a record: throws NOT_FOUND for `what`, as for a missing
// one.
void RequireId(const std::string& id, const char* what);

}  // namespace chronotrail
