// The facts of a photo or voice note as JSON objects, with the field names the API and the
// `chronotrail media analyze` command use. Times are ISO-8601: "taken_at" in UTC ("...Z"),
// "taken_local" as the camera's wall clock without an offset. Unknown facts are omitted.
#pragma once

#include <boost/json/object.hpp>

#include "media/photo.h"
#include "media/voice.h"

namespace chronotrail::media {

boost::json::object PhotoFactsJson(const PhotoFacts& facts);
boost::json::object VoiceFactsJson(const VoiceFacts& facts);

}  // namespace chronotrail::media
