// MediaAnalyzer: what the service knows how to read from a photo or a voice note — the text in it
// (OCR, transcript), a description, measured facts, and the time and place the file itself
// records (EXIF). The embedded default reads everything offline (OfflineMediaAnalyzer); tests and
// other deployments may substitute their own.
//
// Errors: media::Unprocessable when the file can never be understood (permanent: the media is
// marked failed); AnalysisPending when a remote provider is still working (the queue asks again
// later without counting a failure); anything else is a transient failure that the job queue
// retries.
//
// Thread safety: every method may be called from several workers at once.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
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

// Which try at a media's processing this is (the job queue counts them up to
// MEDIA_MAX_ATTEMPTS). An analyzer with a remote provider uses it to choose between failing for
// now (the queue tries again later) and settling for its offline reading.
struct AnalysisAttempt {
  int number = 1;
  bool last = true;  // no other try follows (also for callers without a queue)
};

// Thrown by Analyze while a remote provider's asynchronous work (an AWS Transcribe job) has been
// started or is still running: the queue asks again after `retry_after_seconds`, and that does
// not count as a failed attempt. Asking again resumes the same work; it never starts it anew.
class AnalysisPending : public std::runtime_error {
 public:
  AnalysisPending(const std::string& what, int retry_after_seconds)
      : std::runtime_error(what), retry_after_seconds_(retry_after_seconds) {}
  int retry_after_seconds() const { return retry_after_seconds_; }

 private:
  int retry_after_seconds_;
};

class MediaAnalyzer {
 public:
  virtual ~MediaAnalyzer() = default;

  // A quick look (well under a second) at whether `file` can be processed at all, made before an
  // upload is accepted: throws media::Unprocessable with the reason when it cannot.
  virtual void Check(MediaType type, const std::filesystem::path& file) = 0;

  // The full reading: OCR, transcription, description. May take seconds. `file` holds the
  // media's bytes (`media.blob_key` names them in the blob store).
  virtual MediaUnderstanding Analyze(const Media& media, const std::filesystem::path& file,
                                     const AnalysisAttempt& attempt) = 0;
};

}  // namespace chronotrail
