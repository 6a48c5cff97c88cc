#include "media/facts_json.h"

#include <boost/json/array.hpp>
#include <cmath>

#include "core/time.h"

namespace chronotrail::media {

boost::json::object PhotoFactsJson(const PhotoFacts& facts) {
  boost::json::object o;
  o["mime"] = facts.mime;
  o["width"] = facts.width;
  o["height"] = facts.height;
  o["orientation"] = facts.orientation;
  if (facts.taken_at_utc_micros) o["taken_at"] = FormatIsoTime(*facts.taken_at_utc_micros);
  if (facts.taken_local_micros) {
    std::string local = FormatIsoTime(*facts.taken_local_micros);
    if (!local.empty() && local.back() == 'Z') local.pop_back();  // a wall clock, not UTC
    o["taken_local"] = local;
  }
  if (facts.taken_offset_minutes) o["taken_offset_minutes"] = *facts.taken_offset_minutes;
  if (facts.latitude && facts.longitude) {
    o["latitude"] = *facts.latitude;
    o["longitude"] = *facts.longitude;
  }
  o["ocr_text"] = facts.ocr_text;
  o["ocr_confidence"] = std::round(facts.ocr_confidence * 10) / 10;
  o["faces"] = facts.faces;
  boost::json::array colours;
  for (const std::string& c : facts.dominant_colours) colours.emplace_back(c);
  o["dominant_colours"] = std::move(colours);
  return o;
}

boost::json::object VoiceFactsJson(const VoiceFacts& facts) {
  boost::json::object o;
  o["duration_seconds"] = std::round(facts.duration_seconds * 1000) / 1000;
  o["transcript"] = facts.transcript;
  return o;
}

}  // namespace chronotrail::media
