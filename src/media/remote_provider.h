// Remote AI providers: optional services that do better than the offline models (speech to text,
// photo descriptions), spoken to with the OpenAI-compatible wire format that OpenAI, Azure
// OpenAI, Groq, LocalAI, vLLM, Ollama and whisper.cpp's server all accept.
//
// The interfaces below are what the job queue calls; which provider (if any) stands behind them is
// settings (the lead wires them). Each call is one synchronous HTTPS request (net::HttpFetch), so
// they belong on worker threads, never on the request path.
//
// Errors: any failure (transport, non-2xx status, an answer that is not the expected JSON) throws
// ApiError(kUnavailable) naming the provider's host and, when it gave one, its message; callers
// fall back to the offline result or retry later. Nothing here retries by itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "media/media_type.h"

namespace chronotrail::media {

struct RemoteProviderSettings {
  std::string base_url = "https://api.openai.com/v1";  // up to and including the version
  std::string api_key;  // sent as "Authorization: Bearer KEY"; empty sends none (local servers)
  std::string model;    // e.g. "whisper-1", "gpt-4o-mini"
  int timeout_ms = 120000;
};

// Speech to text for a voice note.
class SpeechToText {
 public:
  virtual ~SpeechToText() = default;
  // The words spoken in `audio` (the file's bytes, of `type`).
  virtual std::string Transcribe(std::string_view audio, const DetectedType& type) = 0;
};

// A paragraph about a photo.
class PhotoDescriber {
 public:
  virtual ~PhotoDescriber() = default;
  // A description of `photo` (the file's bytes, of `type`).
  virtual std::string Describe(std::string_view photo, const DetectedType& type) = 0;
};

// The text written in a photo (signs, receipts, pages), one line per line found.
class PhotoTextReader {
 public:
  virtual ~PhotoTextReader() = default;
  virtual std::string ReadText(std::string_view photo, const DetectedType& type) = 0;
};

// Names of the things a photo shows ("Beach", "Dog"), most confident first.
class PhotoLabeler {
 public:
  virtual ~PhotoLabeler() = default;
  virtual std::vector<std::string> Labels(std::string_view photo, const DetectedType& type) = 0;
};

// Speech to text as a job that runs at the provider and is asked about later (AWS Transcribe).
// The job is named by the caller, so asking again after a restart finds the same job.
class AsyncSpeechToText {
 public:
  struct Progress {
    enum class State { kRunning, kCompleted, kFailed };
    State state = State::kRunning;
    std::string transcript;  // kCompleted
    std::string reason;      // kFailed: the provider's explanation
  };
  virtual ~AsyncSpeechToText() = default;
  // Starts job `job_name` on the audio at `media_uri` (of `type`) unless it exists, and reports
  // how far it is. Never waits for it.
  virtual Progress Advance(const std::string& job_name, const std::string& media_uri,
                           const DetectedType& type) = 0;
};

// POSTs `body` to settings.base_url + `path` and returns the 2xx answer's body; `what` names the
// call in errors ("transcription"). Shared by the clients.
std::string PostToProvider(const RemoteProviderSettings& settings, const std::string& path,
                           const std::string& content_type, std::string body, const char* what);

// Standard base64 (RFC 4648 §4, with padding), as data: URLs want it.
std::string Base64Encode(std::string_view bytes);

}  // namespace chronotrail::media
