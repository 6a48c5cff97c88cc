// AwsTranscribe: AsyncSpeechToText on Amazon Transcribe (JSON 1.1 calls, aws/json_service.h).
//
// Advance(job_name, "s3://bucket/key", type) asks GetTranscriptionJob {"TranscriptionJobName"}
// first; only when Transcribe answers that no such job exists (BadRequestException "couldn't be
// found") does it call StartTranscriptionJob {"TranscriptionJobName", "Media": {"MediaFileUri"},
// "MediaFormat" (when the type has one Transcribe names), "LanguageCode" or "IdentifyLanguage":
// true}. Asking first makes a crash or a restart harmless: the same name finds the same job.
// Once COMPLETED, the transcript is fetched from TranscriptionJob.Transcript.TranscriptFileUri
// (a presigned HTTPS URL, fetched unsigned) as results.transcripts[0].transcript.
//
// The audio must already be in S3, readable by the caller's credentials, in the same region.
//
// Errors: as JsonService (ApiError(kUnavailable) or ServiceError) for a failed call; a job that
// FAILED is not an error but Progress::State::kFailed with Transcribe's FailureReason.
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "aws/credentials.h"
#include "media/remote_provider.h"

namespace chronotrail::media {

struct AwsTranscribeOptions {
  std::string region;
  std::string endpoint_url;   // instead of AWS's (aws::JsonServiceOptions::endpoint_url)
  std::string language_code;  // "en-US"; empty asks Transcribe to identify the language
  int timeout_ms = 60000;
};

std::unique_ptr<AsyncSpeechToText> MakeAwsTranscribe(
    const AwsTranscribeOptions& options, std::shared_ptr<aws::CredentialProvider> credentials,
    const Clock& clock = SystemClock::Instance());

// Transcribe's MediaFormat for a detected type ("mp4" for M4A), or "" when it has none.
std::string TranscribeMediaFormat(const DetectedType& type);

}  // namespace chronotrail::media
