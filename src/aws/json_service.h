// JsonService: calls to an AWS service that speaks the JSON 1.1 protocol (Rekognition, Textract,
// Transcribe).
//
// Wire format of every call:
//   POST {endpoint}/   Content-Type: application/x-amz-json-1.1
//   X-Amz-Target: {target_prefix}.{Operation}   (e.g. "RekognitionService.DetectLabels")
//   body: the operation's JSON input; answer: its JSON output
// signed with SigV4 by aws/service_call.h for the service's signing name and region, with the
// payload's hash and the Content-Type and X-Amz-Target headers signed.
//
// Errors: ServiceError (an ApiError of kind kUnavailable) for an answer other than 200, carrying
// the error type AWS gave ("InvalidParameterException"); ApiError(kUnavailable) for missing
// credentials, a transport failure or an answer that is not a JSON object. Messages name the
// service and region, never a key. Thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "aws/credentials.h"
#include "aws/service_call.h"
#include "core/error.h"
#include "core/time.h"

namespace chronotrail::aws {

struct JsonServiceOptions {
  std::string service;        // signing name and host prefix: "rekognition", "textract"...
  std::string target_prefix;  // "RekognitionService", "Textract", "Transcribe"
  std::string region;         // "eu-west-1"
  // http(s)://host[:port] to send to instead of https://{service}.{region}.amazonaws.com (tests,
  // VPC endpoints).
  std::string endpoint_url;
  int timeout_ms = 60000;
};

// An error answer of an AWS service.
class ServiceError : public ApiError {
 public:
  ServiceError(std::string type, int status, const std::string& message)
      : ApiError(ErrorKind::kUnavailable, message), type_(std::move(type)), status_(status) {}
  // The error's short type ("BadRequestException"), without the "com.amazonaws...#" prefix.
  const std::string& type() const { return type_; }
  int status() const { return status_; }

 private:
  std::string type_;
  int status_;
};

class JsonService {
 public:
  // Throws ApiError(kUnavailable) for options that cannot work (no region, a bad endpoint URL).
  // `clock` (X-Amz-Date) must outlive the service.
  JsonService(JsonServiceOptions options, std::shared_ptr<CredentialProvider> credentials,
              const Clock& clock = SystemClock::Instance());

  // Calls `operation` with `input`; the answer's JSON object.
  boost::json::object Call(const std::string& operation, const boost::json::object& input) const;

  // "Rekognition (eu-west-1)": how errors and logs name the service.
  const std::string& name() const { return name_; }

 private:
  JsonServiceOptions options_;
  ServiceCall call_;
  std::string name_;
};

}  // namespace chronotrail::aws
