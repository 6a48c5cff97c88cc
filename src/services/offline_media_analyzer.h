// OfflineMediaAnalyzer: the embedded default reader of media, everything on this machine —
// Tesseract OCR, face and colour summaries, EXIF for photos; FFmpeg and PocketSphinx for voice
// notes (src/media) — and, when a gazetteer is given, the nearest city of a photo's position for
// its description.
#pragma once

#include "media/voice.h"
#include "services/media_analyzer.h"

namespace chronotrail {

namespace nlp {
class Gazetteer;
}

class OfflineMediaAnalyzer : public MediaAnalyzer {
 public:
  // `gazetteer` may be null (no place names in descriptions); it must outlive the analyzer.
  explicit OfflineMediaAnalyzer(const nlp::Gazetteer* gazetteer = nullptr)
      : gazetteer_(gazetteer) {}

  void Check(MediaType type, const std::filesystem::path& file) override;
  // Offline there is nothing to wait for or retry: `attempt` changes nothing.
  MediaUnderstanding Analyze(const Media& media, const std::filesystem::path& file,
                             const AnalysisAttempt& attempt) override;

 private:
  const nlp::Gazetteer* gazetteer_;
};

// What a voice note's facts tell: the transcript as its text, "A voice note of N seconds." as its
// description, the facts as JSON. Shared with analyzers whose transcript comes from elsewhere.
MediaUnderstanding VoiceUnderstanding(const media::VoiceFacts& facts);

}  // namespace chronotrail
