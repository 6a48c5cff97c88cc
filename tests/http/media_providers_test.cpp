// Remote providers chosen by settings, end to end: the real server with TRANSCRIBER=openai or
// aws-transcribe pointing at stubs on loopback; a voice note's transcript is the provider's, a
// failing provider leaves PocketSphinx's, and keys never reach the logs.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <mutex>
#include <thread>

#include "media/media_samples.h"
#include "support/api_assertions.h"
#include "support/api_client.h"
#include "support/fake_transcribe.h"
#include "support/json_access.h"
#include "support/loopback_http_server.h"
#include "support/media_uploads.h"
#include "support/s3_test_server.h"
#include "support/server_process.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kApiKey = "sk-e2e-do-not-log";

// An OpenAI-compatible transcription server that remembers what it was sent.
struct TranscriptionStub {
  std::mutex mu;
  std::vector<LoopbackHttpServer::Request> requests;
  int status = 200;
  LoopbackHttpServer server{[this](const LoopbackHttpServer::Request& r) {
    std::lock_guard<std::mutex> lock(mu);
    requests.push_back(r);
    if (status != 200) return LoopbackHttpServer::Response{status, R"({"error": "busy"})"};
    return LoopbackHttpServer::Response{200, R"({"text": "Remember to buy oat milk."})"};
  }};
};

Environment OpenAiTranscriber(const TranscriptionStub& stub) {
  return {{"TRANSCRIBER", "openai"},
          {"OPENAI_BASE_URL", stub.server.Url("/v1")},
          {"OPENAI_API_KEY", kApiKey},
          {"OPENAI_TRANSCRIBE_MODEL", "whisper-test"},
          {"TRANSCRIBE_LANGUAGE", "en-US"}};
}

TEST(HttpMediaProviders, AVoiceNoteIsTranscribedByTheOpenAiCompatibleProvider) {
  TranscriptionStub stub;
  ServerProcess server(OpenAiTranscriber(stub));
  ApiClient ana(server.port(), server.create_token(UniqueEmail(), "pro"));
  HttpResponse created = UploadFile(ana, kVoice, ShortSpeechWav());
  ASSERT_TRUE(HasStatus(created, 201));
  boost::json::value info = WaitUntilProcessed(ana, StringAt(created.json(), "file_id"));

  ASSERT_EQ(StringAt(info, "processing_status"), "completed") << info;
  EXPECT_EQ(StringAt(info, "extracted_text"), "Remember to buy oat milk.");
  EXPECT_EQ(StringAt(info, "description"), "A voice note of 3 seconds.");
  EXPECT_EQ(StringAt(info, "metadata.providers.transcript"), "openai");
  EXPECT_NEAR(At(info, "metadata.duration_seconds").to_number<double>(), 2.99, 0.1);
  // Found by what the provider heard.
  HttpResponse answer = ana.post("/api/v1/query", boost::json::object{{"query", "oat milk"}});
  EXPECT_TRUE(HasStatus(answer, 200));
  EXPECT_NE(boost::json::serialize(answer.json()).find(StringAt(created.json(), "file_id")),
            std::string::npos)
      << answer.json();

  std::lock_guard<std::mutex> lock(stub.mu);
  ASSERT_EQ(stub.requests.size(), 1u);
  const LoopbackHttpServer::Request& sent = stub.requests[0];
  EXPECT_EQ(sent.target, "/v1/audio/transcriptions");
  EXPECT_EQ(HeaderOf(sent, "authorization"), std::string("Bearer ") + kApiKey);
  EXPECT_NE(sent.body.find("name=\"model\"\r\n\r\nwhisper-test\r\n"), std::string::npos);
  EXPECT_NE(sent.body.find("name=\"language\"\r\n\r\nen\r\n"), std::string::npos);
  EXPECT_NE(sent.body.find("filename=\"voice.wav\"\r\nContent-Type: audio/wav"), std::string::npos);
  EXPECT_EQ(server.stdout_text().find(kApiKey), std::string::npos) << "the key was logged";
}

TEST(HttpMediaProviders, AProviderThatStaysDownLeavesTheOfflineTranscript) {
  TranscriptionStub stub;
  stub.status = 503;
  Environment env = OpenAiTranscriber(stub);
  env["MEDIA_MAX_ATTEMPTS"] = "1";  // the first attempt is the last: fall back at once
  ServerProcess server(env);
  ApiClient ana(server.port(), server.create_token(UniqueEmail(), "pro"));
  HttpResponse created = UploadFile(ana, kVoice, ShortSpeechWav());
  ASSERT_TRUE(HasStatus(created, 201));
  boost::json::value info = WaitUntilProcessed(ana, StringAt(created.json(), "file_id"));

  ASSERT_EQ(StringAt(info, "processing_status"), "completed") << info;
  EXPECT_TRUE(ContainsWord(StringAt(info, "extracted_text"), "young man")) << info;
  EXPECT_TRUE(server.wait_for_stdout("media_provider_fallback", 5s)) << server.stdout_text();
  EXPECT_EQ(server.stdout_text().find(kApiKey), std::string::npos) << "the key was logged";
}

TEST(HttpMediaProviders, AmazonTranscribeIsPolledByTheQueueAndResumedAfterARestart) {
  S3TestServer s3;
  FakeTranscribe transcribe;
  ServerProcess server({{"TRANSCRIBER", "aws-transcribe"},
                        {"S3_BUCKET_NAME", s3.bucket()},
                        {"S3_ENDPOINT_URL", s3.endpoint_url()},
                        {"AWS_ACCESS_KEY_ID", S3TestServer::kAccessKeyId},
                        {"AWS_SECRET_ACCESS_KEY", S3TestServer::kSecretAccessKey},
                        {"AWS_AI_ENDPOINT_URL", transcribe.endpoint_url()},
                        {"TRANSCRIBE_POLL_SECONDS", "1"},
                        {"MEDIA_WAIT_SECONDS", "1"}});
  const std::string token = server.create_token(UniqueEmail(), "pro");
  std::string id;
  {
    ApiClient ana(server.port(), token);
    HttpResponse created = UploadFile(ana, kVoice, ShortSpeechWav());
    ASSERT_TRUE(HasStatus(created, 201));
    EXPECT_EQ(StringAt(created.json(), "processing_status"), "processing");  // not waited for
    id = StringAt(created.json(), "file_id");
  }
  // Polled while it runs, without failing.
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (transcribe.Calls("Transcribe.GetTranscriptionJob") < 3 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_GE(transcribe.Calls("Transcribe.GetTranscriptionJob"), 3);
  // A graceful stop lets the worker finish its poll (a kill in the middle of one would leave the
  // job leased for minutes, which is the queue's business, not this test's).
  server.send_signal(SIGTERM);
  ASSERT_EQ(server.wait_for_exit(10s), 0);
  transcribe.Complete("chronotrail-" + id, "Call the plumber on Friday.");
  server.restart();

  ApiClient ana(server.port(), token);
  boost::json::value info = WaitUntilProcessed(ana, id, 30s);
  ASSERT_EQ(StringAt(info, "processing_status"), "completed") << info;
  EXPECT_EQ(StringAt(info, "extracted_text"), "Call the plumber on Friday.");
  EXPECT_EQ(StringAt(info, "metadata.providers.transcript"), "aws-transcribe");
  EXPECT_EQ(transcribe.Calls("Transcribe.StartTranscriptionJob"), 1);
  boost::json::object start =
      boost::json::parse(transcribe.stub().Requests().at(1).body).as_object();
  const std::string uri(start.at("Media").at("MediaFileUri").as_string());
  EXPECT_EQ(uri.rfind("s3://" + s3.bucket() + "/", 0), 0u) << uri;
}

}  // namespace
}  // namespace chronotrail::testing
