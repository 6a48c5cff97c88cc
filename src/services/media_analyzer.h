// MediaAnalyzer: what the service knows how to read from a photo or a voice note — the text in it
// (OCR, transcript), a description, measured facts, and the time and place the file itself
// records (EXIF). The embedded default reads everything offline (OfflineMediaAnalyzer); tests and
// other deployments may substitute their own.
//
// Errors: media::Unprocessable when the file can never be understood (permanent: the media is
// marked failed); anything else is a transient failure that the job queue retries.
//
// Thread safety: every method may be called from several workers at once.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/model.h"

namespace chronotrail {

struct MediaUnderstanding {
  std::string text;                        // OCR text or transcript; searchable
  std::optional<std::string> description;  // a sentence or two for people; searchable
  std::string facts_json = "{}";           // measured facts, a JSON object
  std::optional<Micros> taken_at;          // when the file says it was made
  std::optional<Coordinates> position;     // where the file says it was made
};

class MediaAnalyzer {
 public:
  virtual ~MediaAnalyzer() = default;

  // A quick look (well under a second) at whether `file` can be processed at all, made before an
  // upload is accepted: throws media::Unprocessable with the reason when it cannot.
  virtual void Check(MediaType type, const std::filesystem::path& file) = 0;

  // The full reading: OCR, transcription, description. May take seconds.
  virtual MediaUnderstanding Analyze(const Media& media, const std::filesystem::path& file) = 0;
};

}  // namespace chronotrail
