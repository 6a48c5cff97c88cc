#include "media/aws_photo_readers.h"

#include <boost/json.hpp>

#include "aws/json_service.h"
#include "core/error.h"
#include "media/remote_describer.h"

namespace chronotrail::media {
namespace {

constexpr int kLargestSide = 4096;
constexpr int kSmallestSide = 512;  // below this, text and labels are no longer worth reading

// The string `key` of each object in the array `list_key` of `answer` whose `kind_key` is
// `kind` (all of them when kind_key is null).
std::vector<std::string> Strings(const boost::json::object& answer, const char* list_key,
                                 const char* kind_key, const char* kind, const char* key) {
  std::vector<std::string> out;
  const boost::json::value* list = answer.if_contains(list_key);
  if (!list || !list->is_array()) return out;
  for (const boost::json::value& item : list->as_array()) {
    if (!item.is_object()) continue;
    const boost::json::object& o = item.as_object();
    if (kind_key) {
      const boost::json::value* k = o.if_contains(kind_key);
      if (!k || !k->is_string() || k->as_string() != kind) continue;
    }
    const boost::json::value* v = o.if_contains(key);
    if (v && v->is_string()) out.emplace_back(v->as_string());
  }
  return out;
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

aws::JsonServiceOptions ServiceOptions(const AwsPhotoOptions& options, const char* service,
                                       const char* target_prefix) {
  return {service, target_prefix, options.region, options.endpoint_url, options.timeout_ms};
}

// {"Bytes": base64 of the photo within `max_bytes`}.
boost::json::object ImageBytes(std::string_view photo, const DetectedType& type,
                               std::size_t max_bytes) {
  return {{"Bytes", Base64Encode(PhotoWithin(photo, type, max_bytes))}};
}

class RekognitionLabeler : public PhotoLabeler {
 public:
  RekognitionLabeler(const AwsPhotoOptions& options,
                     std::shared_ptr<aws::CredentialProvider> credentials, const Clock& clock)
      : options_(options),
        service_(ServiceOptions(options, "rekognition", "RekognitionService"),
                 std::move(credentials), clock) {}

  std::vector<std::string> Labels(std::string_view photo, const DetectedType& type) override {
    boost::json::object input{{"Image", ImageBytes(photo, type, kRekognitionMaxBytes)},
                              {"MaxLabels", options_.max_labels},
                              {"MinConfidence", options_.min_label_confidence}};
    // Rekognition lists labels by confidence, highest first.
    return Strings(service_.Call("DetectLabels", input), "Labels", nullptr, nullptr, "Name");
  }

 private:
  const AwsPhotoOptions options_;
  const aws::JsonService service_;
};

class RekognitionTextReader : public PhotoTextReader {
 public:
  RekognitionTextReader(const AwsPhotoOptions& options,
                        std::shared_ptr<aws::CredentialProvider> credentials, const Clock& clock)
      : service_(ServiceOptions(options, "rekognition", "RekognitionService"),
                 std::move(credentials), clock) {}

  std::string ReadText(std::string_view photo, const DetectedType& type) override {
    boost::json::object input{{"Image", ImageBytes(photo, type, kRekognitionMaxBytes)}};
    // Each word is also reported on its own (Type WORD): the lines are the text once.
    return Lines(Strings(service_.Call("DetectText", input), "TextDetections", "Type", "LINE",
                         "DetectedText"));
  }

 private:
  const aws::JsonService service_;
};

class TextractTextReader : public PhotoTextReader {
 public:
  TextractTextReader(const AwsPhotoOptions& options,
                     std::shared_ptr<aws::CredentialProvider> credentials, const Clock& clock)
      : service_(ServiceOptions(options, "textract", "Textract"), std::move(credentials), clock) {}

  std::string ReadText(std::string_view photo, const DetectedType& type) override {
    boost::json::object input{{"Document", ImageBytes(photo, type, kTextractMaxBytes)}};
    return Lines(
        Strings(service_.Call("DetectDocumentText", input), "Blocks", "BlockType", "LINE", "Text"));
  }

 private:
  const aws::JsonService service_;
};

}  // namespace

std::string PhotoWithin(std::string_view photo, const DetectedType& type, std::size_t max_bytes) {
  for (int side = kLargestSide; side >= kSmallestSide; side /= 2) {
    std::string jpeg = PhotoForProvider(photo, type, side);
    if (jpeg.size() <= max_bytes) return jpeg;
  }
  throw ApiError(ErrorKind::kUnavailable, "the photo does not fit the provider's limit of " +
                                              std::to_string(max_bytes) + " bytes even at " +
                                              std::to_string(kSmallestSide) + " px");
}

std::unique_ptr<PhotoLabeler> MakeRekognitionLabeler(
    const AwsPhotoOptions& options, std::shared_ptr<aws::CredentialProvider> credentials,
    const Clock& clock) {
  return std::make_unique<RekognitionLabeler>(options, std::move(credentials), clock);
}

std::unique_ptr<PhotoTextReader> MakeRekognitionTextReader(
    const AwsPhotoOptions& options, std::shared_ptr<aws::CredentialProvider> credentials,
    const Clock& clock) {
  return std::make_unique<RekognitionTextReader>(options, std::move(credentials), clock);
}

std::unique_ptr<PhotoTextReader> MakeTextractTextReader(
    const AwsPhotoOptions& options, std::shared_ptr<aws::CredentialProvider> credentials,
    const Clock& clock) {
  return std::make_unique<TextractTextReader>(options, std::move(credentials), clock);
}

}  // namespace chronotrail::media
