#include "services/offline_media_analyzer.h"

#include <boost/json.hpp>

#include "core/json_writer.h"
#include "media/audio_decode.h"
#include "media/facts_json.h"
#include "media/image_decode.h"
#include "media/photo.h"
#include "media/photo_description.h"
#include "media/unprocessable.h"
#include "media/voice.h"
#include "nlp/gazetteer.h"

namespace chronotrail {
namespace {

// Thrown from the decoder's sink to stop after the first second: Check needs no more.
struct EnoughDecoded {};

std::string ToJson(const boost::json::object& facts) {
  return boost::json::serialize(facts);
}

}  // namespace

void OfflineMediaAnalyzer::Check(MediaType type, const std::filesystem::path& file) {
  if (type == MediaType::kPhoto) {
    std::string bytes = media::ReadWholeFile(file.string());
    media::DecodeImage(bytes, media::DetectType(bytes), 1);
    return;
  }
  try {
    constexpr int kRate = 16000;
    std::int64_t samples = 0;
    media::DecodeAudioFile(file.string(), kRate, [&](const std::int16_t*, std::size_t count) {
      samples += static_cast<std::int64_t>(count);
      if (samples >= kRate) throw EnoughDecoded{};
    });
  } catch (const EnoughDecoded&) {
  }
}

MediaUnderstanding VoiceUnderstanding(const media::VoiceFacts& facts) {
  MediaUnderstanding u;
  u.text = facts.transcript;
  u.facts_json = ToJson(media::VoiceFactsJson(facts));
  u.description = "A voice note of " +
                  std::to_string(static_cast<int>(facts.duration_seconds + 0.5)) + " seconds" +
                  (facts.transcript.empty() ? " with no recognisable speech." : ".");
  return u;
}

MediaUnderstanding OfflineMediaAnalyzer::Analyze(const Media& m, const std::filesystem::path& file,
                                                 const AnalysisAttempt&) {
  if (m.type == MediaType::kVoice) return VoiceUnderstanding(media::AnalyzeVoice(file.string()));
  MediaUnderstanding u;
  media::PhotoFacts facts = media::AnalyzePhoto(file.string());
  u.text = facts.ocr_text;
  u.facts_json = ToJson(media::PhotoFactsJson(facts));
  if (facts.taken_at_utc_micros) u.taken_at = *facts.taken_at_utc_micros;
  if (facts.latitude && facts.longitude)
    u.position = Coordinates{*facts.longitude, *facts.latitude};
  std::optional<std::string> place;
  // Where it was taken: what the person said at upload, else what the camera recorded.
  std::optional<Coordinates> where = m.place.coordinates ? m.place.coordinates : u.position;
  if (gazetteer_ && where) {
    if (const nlp::City* city = gazetteer_->Locate(where->latitude, where->longitude)) {
      place = nlp::CityLabel(*city);
    }
  }
  std::optional<std::string> time_of_day;
  if (facts.taken_local_micros) time_of_day = media::TimeOfDay(*facts.taken_local_micros);
  u.description = media::DescribePhoto(facts, place, time_of_day);
  return u;
}

}  // namespace chronotrail
