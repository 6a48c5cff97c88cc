// Photo readers on AWS, each one synchronous JSON 1.1 call (aws/json_service.h):
//   Rekognition DetectLabels        → PhotoLabeler   {"Image": {"Bytes"}, "MaxLabels",
//                                                     "MinConfidence"} → Labels[].Name
//   Rekognition DetectText          → PhotoTextReader {"Image": {"Bytes"}} → TextDetections[]
//                                                     of Type LINE, .DetectedText
//   Textract DetectDocumentText     → PhotoTextReader {"Document": {"Bytes"}} → Blocks[] of
//                                                     BlockType LINE, .Text
// "Bytes" is the photo in base64. It is not the file as uploaded: PhotoForProvider re-encodes it
// as an upright JPEG without metadata (these APIs take JPEG and PNG only, not HEIC or WebP, and a
// GPS position has no business leaving the server), at most 4096 px on its longer side, halved
// until it fits the synchronous limit on raw bytes: 5 MB for Rekognition, 10 MB for Textract.
//
// Errors: as JsonService (ApiError(kUnavailable), ServiceError), and ApiError(kUnavailable)
// naming the limit for a photo that does not fit even at 512 px; media::Unprocessable for a photo
// that cannot be decoded. Callers keep their offline reading in every case. Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "media/remote_provider.h"

namespace chronotrail::media {

inline constexpr std::size_t kRekognitionMaxBytes = 5 * 1024 * 1024;
inline constexpr std::size_t kTextractMaxBytes = 10 * 1024 * 1024;

struct AwsPhotoOptions {
  std::string region;
  std::string endpoint_url;  // instead of AWS's (aws::JsonServiceOptions::endpoint_url)
  int timeout_ms = 60000;
  int max_labels = 10;
  double min_label_confidence = 70;  // percent
};

std::unique_ptr<PhotoLabeler> MakeRekognitionLabeler(
    const AwsPhotoOptions& options, std::shared_ptr<aws::CredentialProvider> credentials,
    const Clock& clock = SystemClock::Instance());
std::unique_ptr<PhotoTextReader> MakeRekognitionTextReader(
    const AwsPhotoOptions& options, std::shared_ptr<aws::CredentialProvider> credentials,
    const Clock& clock = SystemClock::Instance());
std::unique_ptr<PhotoTextReader> MakeTextractTextReader(
    const AwsPhotoOptions& options, std::shared_ptr<aws::CredentialProvider> credentials,
    const Clock& clock = SystemClock::Instance());

// The JPEG sent for `photo`: upright, no metadata, at most 4096 px and `max_bytes` long.
std::string PhotoWithin(std::string_view photo, const DetectedType& type, std::size_t max_bytes);

}  // namespace chronotrail::media
