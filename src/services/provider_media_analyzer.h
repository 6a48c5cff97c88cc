// ProviderMediaAnalyzer: the offline reading of media (OfflineMediaAnalyzer) improved by the
// optional remote providers that settings choose (cli/runtime.cpp composes it).
//
// Voice notes. A transcriber (OpenAI-compatible, synchronous) or an asynchronous one (AWS
// Transcribe) replaces PocketSphinx: the duration still comes from decoding the file here (which
// also refuses a file without audio before anything is sent), the transcript from the provider.
//   - A failed call fails this attempt, and the job queue retries it with growing pauses; on the
//     last attempt the offline transcript is used instead, and the fallback logged. Why: the
//     transcript is all a voice note has to be found by, and the provider is much better than
//     PocketSphinx, so a later retry is worth a few minutes; but a voice note is never left
//     failed because a provider is down.
//   - The asynchronous one names its job "chronotrail-" + the media id, and Advance either
//     starts or finds it; while it runs Analyze throws AnalysisPending(poll_seconds), so the
//     queue comes back without holding a worker or counting an attempt, and after a restart the
//     same name finds the same job. A job that FAILED, or still runs 6 hours after the upload,
//     falls back to the offline transcript at once.
// Photos. The offline reading always runs (EXIF time and place, faces, colours, Tesseract text),
// then each provider improves a part of it:
//   - a text reader (Textract, Rekognition DetectText) replaces the OCR text;
//   - a labeler (Rekognition DetectLabels) adds "labels" to the facts and "Shows: ..." to the
//     description;
//   - a describer (OpenAI-compatible vision) puts its paragraph before the offline description,
//     which keeps what only the server knows (the place from GPS, the local time of day).
//   A failing provider is logged and its part of the offline reading kept, at once, without a
//   retry. Why: a photo's offline reading is complete on its own and the providers only enrich
//   it; retrying the whole photo would repeat the other providers' (paid) calls and delay it.
//
// Facts gain "providers": which provider made which part ({"transcript": "openai"}).
// Logs name the provider and the error, never a key or a presigned URL.
// Thread safety: as the providers (all of this project's are thread-safe).
#pragma once

#include <memory>
#include <string>

#include "core/time.h"
#include "media/remote_provider.h"
#include "services/media_analyzer.h"

namespace chronotrail {

// The providers in use; any may be null (that part stays offline).
struct MediaProviders {
  std::unique_ptr<media::SpeechToText> transcriber;
  std::unique_ptr<media::AsyncSpeechToText> async_transcriber;
  std::string transcriber_name;  // for facts and logs: "openai", "aws-transcribe"
  std::string media_bucket;      // the S3 bucket holding media, for async_transcriber
  int poll_seconds = 15;         // pause between two questions to async_transcriber

  std::unique_ptr<media::PhotoTextReader> text_reader;
  std::string text_reader_name;
  std::unique_ptr<media::PhotoLabeler> labeler;
  std::string labeler_name;
  std::unique_ptr<media::PhotoDescriber> describer;
  std::string describer_name;
};

class ProviderMediaAnalyzer : public MediaAnalyzer {
 public:
  // `clock` must outlive the analyzer.
  ProviderMediaAnalyzer(std::unique_ptr<MediaAnalyzer> offline, MediaProviders providers,
                        const Clock& clock = SystemClock::Instance());

  void Check(MediaType type, const std::filesystem::path& file) override;
  MediaUnderstanding Analyze(const Media& media, const std::filesystem::path& file,
                             const AnalysisAttempt& attempt) override;

 private:
  MediaUnderstanding AnalyzeVoice(const Media& media, const std::filesystem::path& file,
                                  const AnalysisAttempt& attempt);
  MediaUnderstanding AnalyzePhoto(const Media& media, const std::filesystem::path& file,
                                  const AnalysisAttempt& attempt);
  // The provider's transcript; throws AnalysisPending while an asynchronous job runs, and
  // std::runtime_error when the offline one should be used.
  std::string RemoteTranscript(const Media& media, const std::filesystem::path& file);

  std::unique_ptr<MediaAnalyzer> offline_;
  MediaProviders providers_;
  const Clock& clock_;
};

}  // namespace chronotrail
