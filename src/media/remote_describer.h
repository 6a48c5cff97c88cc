// OpenAiVisionDescriber: PhotoDescriber through an OpenAI-compatible POST
// {base_url}/chat/completions with the photo as an image_url data: URL.
//
// The photo is not sent as uploaded: it is decoded, turned upright, scaled to at most
// `max_side` pixels and re-encoded as JPEG, so every format (HEIC too, which these APIs refuse)
// works, uploads stay small, and no EXIF (GPS position, camera serial) leaves the server.
//
// Request: {"model", "max_tokens", "messages": [{"role": "user", "content": [{"type": "text",
// "text": prompt}, {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,..."}}]}]}.
// Answer: choices[0].message.content (a string, or a list of text parts).
#pragma once

#include <string>

#include "media/remote_provider.h"

namespace chronotrail::media {

struct VisionOptions {
  std::string prompt =
      "Describe this photo in one short paragraph for the owner's personal timeline: what it "
      "shows, any readable text, and the setting. Do not guess who the people are.";
  int max_side = 1536;
  int max_tokens = 300;
};

class OpenAiVisionDescriber : public PhotoDescriber {
 public:
  explicit OpenAiVisionDescriber(RemoteProviderSettings settings, VisionOptions options = {});

  // Throws Unprocessable when the photo cannot be decoded.
  std::string Describe(std::string_view photo, const DetectedType& type) override;

 private:
  RemoteProviderSettings settings_;
  VisionOptions options_;
};

// The photo as the provider gets it: upright, at most `max_side` px, JPEG, no metadata.
std::string PhotoForProvider(std::string_view photo, const DetectedType& type, int max_side);

}  // namespace chronotrail::media
