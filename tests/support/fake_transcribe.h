// Amazon Transcribe as the tests need it: an AwsJsonStub that keeps jobs by name. Get of an
// unknown job answers 400 BadRequestException "couldn't be found", as AWS does; Start records the
// job IN_PROGRESS; the test moves it on (Complete, Fail). A completed job's TranscriptFileUri
// points back at this stub, with a presigned-looking query the client must not log.
#pragma once

#include <map>
#include <string>

#include "support/aws_json_stub.h"

namespace chronotrail::testing {

class FakeTranscribe {
 public:
  FakeTranscribe()
      : stub_([this](const LoopbackHttpServer::Request& r, const std::string& target,
                     const boost::json::value& body) { return Answer(r, target, body); }) {}

  std::string endpoint_url() const { return stub_.server.Url(""); }
  AwsJsonStub& stub() { return stub_; }

  void Complete(const std::string& job, const std::string& transcript) {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_[job] = "COMPLETED";
    transcripts_[job] = transcript;
  }
  void Fail(const std::string& job, const std::string& reason) {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_[job] = "FAILED";
    reasons_[job] = reason;
  }
  // The next call answers 500 InternalFailure.
  void FailNextCall() {
    std::lock_guard<std::mutex> lock(mu_);
    fail_next_ = true;
  }
  // Requests with this X-Amz-Target so far.
  int Calls(const std::string& target) {
    int n = 0;
    for (const auto& r : stub_.Requests()) n += HeaderOf(r, "x-amz-target") == target;
    return n;
  }

 private:
  using Response = LoopbackHttpServer::Response;

  Response Answer(const LoopbackHttpServer::Request& r, const std::string& target,
                  const boost::json::value& body) {
    std::lock_guard<std::mutex> lock(mu_);
    if (fail_next_) {
      fail_next_ = false;
      return {500, R"({"__type": "InternalFailure", "message": "try again"})"};
    }
    if (target.empty()) {  // the transcript file: GET /transcripts/{job}.json?...
      const std::string prefix = "/transcripts/";
      const std::string job =
          r.target.substr(prefix.size(), r.target.find(".json") - prefix.size());
      if (r.target.rfind(prefix, 0) != 0 || !transcripts_.count(job)) return {404, "{}"};
      return {200, boost::json::serialize(boost::json::object{
                       {"jobName", job},
                       {"results", boost::json::object{{"transcripts",
                                                        boost::json::array{boost::json::object{
                                                            {"transcript", transcripts_[job]}}}},
                                                       {"items", boost::json::array{}}}},
                       {"status", "COMPLETED"}})};
    }
    const std::string name = body.is_object() && body.as_object().contains("TranscriptionJobName")
                                 ? std::string(body.at("TranscriptionJobName").as_string())
                                 : "";
    if (target == "Transcribe.StartTranscriptionJob") {
      if (jobs_.count(name)) {
        return {
            400,
            R"({"__type": "ConflictException", "Message": "The requested job name already exists."})"};
      }
      jobs_[name] = "IN_PROGRESS";
      return {200, Job(name)};
    }
    if (target == "Transcribe.GetTranscriptionJob") {
      if (!jobs_.count(name)) {
        return {
            400,
            R"({"__type": "BadRequestException", "Message": "The requested job couldn't be found. Check the job name and try your request again."})"};
      }
      return {200, Job(name)};
    }
    return {400, R"({"__type": "UnknownOperationException"})"};
  }

  std::string Job(const std::string& name) {
    boost::json::object job{{"TranscriptionJobName", name},
                            {"TranscriptionJobStatus", jobs_[name]},
                            {"Media", boost::json::object{{"MediaFileUri", "s3://x/y"}}}};
    if (jobs_[name] == "COMPLETED") {
      job["Transcript"] = boost::json::object{
          {"TranscriptFileUri",
           stub_.server.Url("/transcripts/" + name + ".json?X-Amz-Signature=presigned-secret")}};
    }
    if (jobs_[name] == "FAILED") job["FailureReason"] = reasons_[name];
    return boost::json::serialize(boost::json::object{{"TranscriptionJob", job}});
  }

  std::mutex mu_;
  std::map<std::string, std::string> jobs_;  // name → status
  std::map<std::string, std::string> transcripts_;
  std::map<std::string, std::string> reasons_;
  bool fail_next_ = false;
  AwsJsonStub stub_;  // last: its thread may call Answer as soon as it exists
};

}  // namespace chronotrail::testing
