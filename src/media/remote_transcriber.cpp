#include "media/remote_transcriber.h"

#include <boost/json.hpp>
#include <random>

#include "core/error.h"

namespace chronotrail::media {
namespace {

// A boundary that does not occur in the audio (checked, however unlikely).
std::string BoundaryFor(std::string_view audio) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device random;
  while (true) {
    std::string boundary = "chronotrail-";
    for (int i = 0; i < 24; ++i) boundary += kHex[random() % 16];
    if (audio.find(boundary) == std::string_view::npos) return boundary;
  }
}

}  // namespace

std::string MultipartBody(const std::vector<FormPart>& parts, const std::string& boundary) {
  std::string body;
  for (const FormPart& part : parts) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + part.name + "\"";
    if (!part.filename.empty()) body += "; filename=\"" + part.filename + "\"";
    body += "\r\n";
    if (!part.content_type.empty()) body += "Content-Type: " + part.content_type + "\r\n";
    body += "\r\n";
    body.append(part.value);
    body += "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return body;
}

OpenAiTranscriber::OpenAiTranscriber(RemoteProviderSettings settings, std::string language)
    : settings_(std::move(settings)), language_(std::move(language)) {}

std::string OpenAiTranscriber::Transcribe(std::string_view audio, const DetectedType& type) {
  std::vector<FormPart> parts = {{"model", "", "", settings_.model}};
  if (!language_.empty()) parts.push_back({"language", "", "", language_});
  // Providers pick the decoder by the file name's extension, so it must match the content.
  const std::string filename = "voice." + type.extension;
  parts.push_back({"file", type.mime, filename, audio});
  const std::string boundary = BoundaryFor(audio);
  std::string answer = PostToProvider(settings_, "/audio/transcriptions",
                                      "multipart/form-data; boundary=" + boundary,
                                      MultipartBody(parts, boundary), "transcription");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(answer, ec);
  const boost::json::value* text =
      !ec && v.is_object() ? v.as_object().if_contains("text") : nullptr;
  if (!text || !text->is_string()) {
    throw ApiError(ErrorKind::kUnavailable,
                   "the transcription provider's answer has no \"text\" string");
  }
  return std::string(text->as_string());
}

}  // namespace chronotrail::media
