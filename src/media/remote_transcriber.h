// OpenAiTranscriber: SpeechToText through an OpenAI-compatible POST
// {base_url}/audio/transcriptions.
//
// Wire format: multipart/form-data with the parts "model" (settings.model), "language" (when
// set) and "file" (the bytes as uploaded, named voice.{extension} with the detected MIME type);
// the answer is {"text": "..."}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "media/remote_provider.h"

namespace chronotrail::media {

class OpenAiTranscriber : public SpeechToText {
 public:
  // `language`: an ISO-639-1 hint ("en"), or empty to let the provider detect it.
  explicit OpenAiTranscriber(RemoteProviderSettings settings, std::string language = "");

  std::string Transcribe(std::string_view audio, const DetectedType& type) override;

 private:
  RemoteProviderSettings settings_;
  std::string language_;
};

// A multipart/form-data body of `parts` (name, content type or empty for a text field, file name
// or empty, value) with `boundary`. Exposed for tests.
struct FormPart {
  std::string name;
  std::string content_type;
  std::string filename;
  std::string_view value;
};
std::string MultipartBody(const std::vector<FormPart>& parts, const std::string& boundary);

}  // namespace chronotrail::media
