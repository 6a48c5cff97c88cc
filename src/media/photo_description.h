// A one-paragraph description of a photo built only from what is known offline: who is in it (a
// count of faces), where (a place name the caller resolved from GPS, e.g. "Lisbon, Portugal"),
// when (the local time of day), its main colours, and any text in it. Nothing is guessed: a fact
// that is unknown is left out. Pure functions.
//
//   "A photo of two people, taken in Lisbon, Portugal, in the evening; mostly blue and white.
//    Text in it reads: "CAFE A BRASILEIRA"."
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "media/photo.h"

namespace chronotrail::media {

std::string DescribePhoto(const PhotoFacts& facts, const std::optional<std::string>& place,
                          const std::optional<std::string>& local_time_of_day);

// "morning" (05-12), "afternoon" (12-17), "evening" (17-21) or "night", for a wall-clock time in
// micros since the epoch read as UTC (PhotoFacts::taken_local_micros).
std::string TimeOfDay(std::int64_t local_micros);

}  // namespace chronotrail::media
