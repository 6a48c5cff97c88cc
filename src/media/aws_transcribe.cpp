#include "media/aws_transcribe.h"

#include <boost/json.hpp>

#include "aws/json_service.h"
#include "core/error.h"
#include "net/http_fetch.h"

namespace chronotrail::media {
namespace {

using Progress = AsyncSpeechToText::Progress;

const boost::json::value* Member(const boost::json::value* v, const char* key) {
  return v && v->is_object() ? v->as_object().if_contains(key) : nullptr;
}

std::string StringAt(const boost::json::value* v) {
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

bool IsNoSuchJob(const aws::ServiceError& e) {
  return e.type() == "BadRequestException" &&
         std::string_view(e.what()).find("couldn't be found") != std::string_view::npos;
}

class AwsTranscribe : public AsyncSpeechToText {
 public:
  AwsTranscribe(const AwsTranscribeOptions& options,
                std::shared_ptr<aws::CredentialProvider> credentials, const Clock& clock)
      : options_(options),
        service_(
            {"transcribe", "Transcribe", options.region, options.endpoint_url, options.timeout_ms},
            std::move(credentials), clock) {}

  Progress Advance(const std::string& job_name, const std::string& media_uri,
                   const DetectedType& type) override {
    boost::json::object answer;
    try {
      answer = service_.Call("GetTranscriptionJob", {{"TranscriptionJobName", job_name}});
    } catch (const aws::ServiceError& e) {
      if (!IsNoSuchJob(e)) throw;
      answer = Start(job_name, media_uri, type);
    }
    return Read(answer);
  }

 private:
  boost::json::object Start(const std::string& job_name, const std::string& media_uri,
                            const DetectedType& type) {
    boost::json::object input{{"TranscriptionJobName", job_name},
                              {"Media", boost::json::object{{"MediaFileUri", media_uri}}}};
    if (std::string format = TranscribeMediaFormat(type); !format.empty()) {
      input["MediaFormat"] = format;
    }
    if (options_.language_code.empty()) {
      input["IdentifyLanguage"] = true;
    } else {
      input["LanguageCode"] = options_.language_code;
    }
    return service_.Call("StartTranscriptionJob", input);
  }

  Progress Read(const boost::json::object& answer) {
    const boost::json::value* job = answer.if_contains("TranscriptionJob");
    const std::string status = StringAt(Member(job, "TranscriptionJobStatus"));
    Progress progress;
    if (status == "FAILED") {
      progress.state = Progress::State::kFailed;
      progress.reason = StringAt(Member(job, "FailureReason"));
    } else if (status == "COMPLETED") {
      progress.state = Progress::State::kCompleted;
      progress.transcript =
          FetchTranscript(StringAt(Member(Member(job, "Transcript"), "TranscriptFileUri")));
    } else if (status != "QUEUED" && status != "IN_PROGRESS") {
      throw ApiError(ErrorKind::kUnavailable,
                     service_.name() + " answered with an unknown job status \"" + status + "\"");
    }
    return progress;
  }

  // results.transcripts[0].transcript of the transcript file.
  std::string FetchTranscript(const std::string& url) {
    if (url.empty()) {
      throw ApiError(ErrorKind::kUnavailable,
                     service_.name() + " completed a job without a TranscriptFileUri");
    }
    net::HttpRequest request;
    request.url = url;
    request.timeout_ms = options_.timeout_ms;
    const net::HttpResponse response = net::HttpFetch(request);
    boost::system::error_code ec;
    const boost::json::value file = boost::json::parse(response.body, ec);
    const boost::json::value* transcripts =
        ec ? nullptr : Member(Member(&file, "results"), "transcripts");
    if (response.status != 200 || !transcripts || !transcripts->is_array()) {
      // The URL is presigned: its query is a credential and stays out of the message.
      throw ApiError(ErrorKind::kUnavailable, "the transcript file of " + service_.name() +
                                                  " could not be read (status " +
                                                  std::to_string(response.status) + ")");
    }
    if (transcripts->as_array().empty()) return "";
    return StringAt(Member(&transcripts->as_array()[0], "transcript"));
  }

  const AwsTranscribeOptions options_;
  const aws::JsonService service_;
};

}  // namespace

std::string TranscribeMediaFormat(const DetectedType& type) {
  if (type.extension == "mp3" || type.extension == "wav" || type.extension == "flac" ||
      type.extension == "webm") {
    return type.extension;
  }
  if (type.extension == "m4a") return "mp4";
  if (type.extension == "ogg" || type.extension == "opus") return "ogg";
  return "";
}

std::unique_ptr<AsyncSpeechToText> MakeAwsTranscribe(
    const AwsTranscribeOptions& options, std::shared_ptr<aws::CredentialProvider> credentials,
    const Clock& clock) {
  return std::make_unique<AwsTranscribe>(options, std::move(credentials), clock);
}

}  // namespace chronotrail::media
