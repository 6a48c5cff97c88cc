#include "services/provider_media_analyzer.h"

#include <boost/json.hpp>
#include <fstream>

#include "core/log.h"
#include "media/audio_decode.h"
#include "media/media_type.h"
#include "media/photo.h"
#include "media/unprocessable.h"
#include "services/offline_media_analyzer.h"

namespace chronotrail {
namespace {

// A voice note's transcription may take this long after its upload before we stop waiting.
constexpr Micros kLongestTranscription = 6 * 3600 * kMicrosPerSecond;
constexpr int kDecodeRate = 16000;

// The provider has given up on this media for good: the offline reading is used at once.
class ProviderGaveUp : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void LogFallback(const Media& m, const char* part, const std::string& provider,
                 const std::exception& e) {
  // Provider errors name the host and the provider's message; keys never reach them.
  Log(LogLevel::kWarn, "media_provider_fallback",
      {{"media_id", m.id},
       {"part", part},
       {"provider", provider},
       {"error", e.what()},
       {"effect", "the offline reading is kept"}});
}

media::DetectedType TypeOf(std::string_view head) {
  std::optional<media::DetectedType> type = media::DetectType(head);
  if (!type) throw media::Unprocessable("the file is no longer a supported photo or recording");
  return *type;
}

std::string Trimmed(std::string text) {
  const char* space = " \t\r\n";
  text.erase(0, text.find_first_not_of(space));
  text.erase(text.find_last_not_of(space) + 1);
  return text;
}

// `facts_json` with "providers" (and "labels", when any) added.
std::string WithProviders(const std::string& facts_json, boost::json::object providers,
                          const std::vector<std::string>& labels = {}) {
  boost::system::error_code ec;
  boost::json::value facts = boost::json::parse(facts_json, ec);
  if (ec || !facts.is_object()) facts = boost::json::object{};
  if (!labels.empty()) facts.as_object()["labels"] = boost::json::value_from(labels);
  facts.as_object()["providers"] = std::move(providers);
  return boost::json::serialize(facts);
}

}  // namespace

ProviderMediaAnalyzer::ProviderMediaAnalyzer(std::unique_ptr<MediaAnalyzer> offline,
                                             MediaProviders providers, const Clock& clock)
    : offline_(std::move(offline)), providers_(std::move(providers)), clock_(clock) {}

void ProviderMediaAnalyzer::Check(MediaType type, const std::filesystem::path& file) {
  offline_->Check(type, file);
}

MediaUnderstanding ProviderMediaAnalyzer::Analyze(const Media& m, const std::filesystem::path& file,
                                                  const AnalysisAttempt& attempt) {
  return m.type == MediaType::kVoice ? AnalyzeVoice(m, file, attempt)
                                     : AnalyzePhoto(m, file, attempt);
}

MediaUnderstanding ProviderMediaAnalyzer::AnalyzeVoice(const Media& m,
                                                       const std::filesystem::path& file,
                                                       const AnalysisAttempt& attempt) {
  if (!providers_.transcriber && !providers_.async_transcriber) {
    return offline_->Analyze(m, file, attempt);
  }
  try {
    media::VoiceFacts facts;
    facts.transcript = RemoteTranscript(m, file);
    const std::int64_t samples =
        media::DecodeAudioFile(file.string(), kDecodeRate, [](const std::int16_t*, std::size_t) {});
    facts.duration_seconds = static_cast<double>(samples) / kDecodeRate;
    MediaUnderstanding u = VoiceUnderstanding(facts);
    u.facts_json = WithProviders(u.facts_json, {{"transcript", providers_.transcriber_name}});
    return u;
  } catch (const AnalysisPending&) {
    throw;
  } catch (const media::Unprocessable&) {
    throw;
  } catch (const ProviderGaveUp& e) {
    LogFallback(m, "transcript", providers_.transcriber_name, e);
  } catch (const std::exception& e) {
    if (!attempt.last) throw;  // the queue tries the provider again later
    LogFallback(m, "transcript", providers_.transcriber_name, e);
  }
  return offline_->Analyze(m, file, attempt);
}

std::string ProviderMediaAnalyzer::RemoteTranscript(const Media& m,
                                                    const std::filesystem::path& file) {
  if (providers_.transcriber) {
    const std::string audio = media::ReadWholeFile(file.string());
    return providers_.transcriber->Transcribe(
        audio, TypeOf(std::string_view(audio).substr(0, media::kTypeSniffBytes)));
  }
  // Transcribe reads the audio from S3: only its type is needed here.
  std::string head(media::kTypeSniffBytes, '\0');
  std::ifstream in(file, std::ios::binary);
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const media::DetectedType type = TypeOf(head);

  const std::string job_name = "chronotrail-" + m.id;
  std::string uri = "s3://";
  uri.append(providers_.media_bucket).append("/").append(m.blob_key);
  using State = media::AsyncSpeechToText::Progress::State;
  media::AsyncSpeechToText::Progress progress =
      providers_.async_transcriber->Advance(job_name, uri, type);
  if (progress.state == State::kCompleted) return progress.transcript;
  if (progress.state == State::kFailed) {
    throw ProviderGaveUp("transcription job " + job_name + " failed: " + progress.reason);
  }
  if (clock_.Now() - m.created_at > kLongestTranscription) {
    throw ProviderGaveUp("transcription job " + job_name + " still runs 6 hours after upload");
  }
  throw AnalysisPending("transcription job " + job_name + " is running", providers_.poll_seconds);
}

MediaUnderstanding ProviderMediaAnalyzer::AnalyzePhoto(const Media& m,
                                                       const std::filesystem::path& file,
                                                       const AnalysisAttempt& attempt) {
  MediaUnderstanding u = offline_->Analyze(m, file, attempt);
  if (!providers_.text_reader && !providers_.labeler && !providers_.describer) return u;
  const std::string photo = media::ReadWholeFile(file.string());
  const media::DetectedType type =
      TypeOf(std::string_view(photo).substr(0, media::kTypeSniffBytes));
  boost::json::object used;
  if (providers_.text_reader) {
    try {
      u.text = Trimmed(providers_.text_reader->ReadText(photo, type));
      used["text"] = providers_.text_reader_name;
    } catch (const std::exception& e) {
      LogFallback(m, "text", providers_.text_reader_name, e);
    }
  }
  std::string description = u.description.value_or("");
  std::vector<std::string> labels;
  if (providers_.labeler) {
    try {
      labels = providers_.labeler->Labels(photo, type);
      used["labels"] = providers_.labeler_name;
    } catch (const std::exception& e) {
      LogFallback(m, "labels", providers_.labeler_name, e);
    }
  }
  if (!labels.empty()) {
    if (!description.empty()) description.append(" ");
    description.append("Shows: ");
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) description.append(", ");
      description.append(labels[i]);
    }
    description.append(".");
  }
  if (providers_.describer) {
    try {
      std::string paragraph = Trimmed(providers_.describer->Describe(photo, type));
      if (!paragraph.empty()) {
        if (!description.empty()) paragraph.append("\n\n").append(description);
        description = std::move(paragraph);
      }
      used["description"] = providers_.describer_name;
    } catch (const std::exception& e) {
      LogFallback(m, "description", providers_.describer_name, e);
    }
  }
  if (!description.empty()) u.description = std::move(description);
  u.facts_json = WithProviders(u.facts_json, std::move(used), labels);
  return u;
}

}  // namespace chronotrail
