// The Amazon Transcribe client against a fake Transcribe on loopback: the exact JSON 1.1 calls,
// a job found again by its name rather than started twice, and the transcript file read once the
// job completes.
#include "media/aws_transcribe.h"

#include <gtest/gtest.h>

#include "aws/json_service.h"
#include "core/error.h"
#include "support/fake_transcribe.h"
#include "support/fixed_clock.h"

namespace chronotrail::media {
namespace {

using State = AsyncSpeechToText::Progress::State;

const DetectedType kM4a{MediaKind::kVoice, "audio/mp4", "m4a", "M4A"};
constexpr const char* kUri = "s3://chronotrail-media/media/u1/m1.m4a";

class AwsTranscribeTest : public ::testing::Test {
 protected:
  std::unique_ptr<AsyncSpeechToText> Client(const std::string& language = "") {
    return MakeAwsTranscribe({"eu-west-1", fake_.endpoint_url(), language, 10000},
                             testing::StubKeys(), clock_);
  }

  testing::FakeTranscribe fake_;
  testing::FixedClock clock_{"2024-05-06T07:08:09Z"};
};

TEST_F(AwsTranscribeTest, AnUnknownJobIsStartedWithTheMediaInS3) {
  EXPECT_EQ(Client()->Advance("chronotrail-m1", kUri, kM4a).state, State::kRunning);

  const auto requests = fake_.stub().Requests();
  ASSERT_EQ(requests.size(), 2u);
  boost::json::object get = testing::ExpectSignedJsonCall(
      requests[0], "Transcribe.GetTranscriptionJob", "transcribe", "eu-west-1", clock_.Now());
  EXPECT_EQ(get, (boost::json::object{{"TranscriptionJobName", "chronotrail-m1"}}));
  boost::json::object start = testing::ExpectSignedJsonCall(
      requests[1], "Transcribe.StartTranscriptionJob", "transcribe", "eu-west-1", clock_.Now());
  EXPECT_EQ(start, (boost::json::object{{"TranscriptionJobName", "chronotrail-m1"},
                                        {"Media", boost::json::object{{"MediaFileUri", kUri}}},
                                        {"MediaFormat", "mp4"},
                                        {"IdentifyLanguage", true}}));
}

TEST_F(AwsTranscribeTest, AGivenLanguageIsSentAsTheLanguageCode) {
  Client("en-GB")->Advance("chronotrail-m2", kUri, kM4a);
  boost::json::object start = boost::json::parse(fake_.stub().Requests().at(1).body).as_object();
  EXPECT_EQ(start.at("LanguageCode").as_string(), "en-GB");
  EXPECT_FALSE(start.contains("IdentifyLanguage"));
}

TEST_F(AwsTranscribeTest, AskingAgainFindsTheSameJobAndReadsItsTranscriptOnceCompleted) {
  EXPECT_EQ(Client()->Advance("chronotrail-m1", kUri, kM4a).state, State::kRunning);
  // Another client (a restarted server) asks about the same name: no second start.
  EXPECT_EQ(Client()->Advance("chronotrail-m1", kUri, kM4a).state, State::kRunning);
  EXPECT_EQ(fake_.Calls("Transcribe.StartTranscriptionJob"), 1);

  fake_.Complete("chronotrail-m1", "Remember to buy milk.");
  AsyncSpeechToText::Progress done = Client()->Advance("chronotrail-m1", kUri, kM4a);
  EXPECT_EQ(done.state, State::kCompleted);
  EXPECT_EQ(done.transcript, "Remember to buy milk.");
  EXPECT_EQ(fake_.Calls("Transcribe.StartTranscriptionJob"), 1);
  const auto requests = fake_.stub().Requests();
  EXPECT_EQ(requests.back().method, "GET");
  EXPECT_EQ(requests.back().target,
            "/transcripts/chronotrail-m1.json?X-Amz-Signature=presigned-secret");
}

TEST_F(AwsTranscribeTest, AFailedJobReportsTranscribesReason) {
  Client()->Advance("chronotrail-m3", kUri, kM4a);
  fake_.Fail("chronotrail-m3", "The media format provided does not match the detected format.");
  AsyncSpeechToText::Progress failed = Client()->Advance("chronotrail-m3", kUri, kM4a);
  EXPECT_EQ(failed.state, State::kFailed);
  EXPECT_EQ(failed.reason, "The media format provided does not match the detected format.");
}

TEST_F(AwsTranscribeTest, AnErrorOfTheServiceIsThrownWithItsType) {
  fake_.FailNextCall();
  try {
    Client()->Advance("chronotrail-m4", kUri, kM4a);
    FAIL() << "no exception";
  } catch (const aws::ServiceError& e) {
    EXPECT_EQ(e.type(), "InternalFailure");
    EXPECT_EQ(e.status(), 500);
  }
}

TEST(AwsTranscribeFormats, MediaFormatsAreTranscribesNames) {
  EXPECT_EQ(TranscribeMediaFormat(kM4a), "mp4");
  EXPECT_EQ(TranscribeMediaFormat({MediaKind::kVoice, "audio/ogg", "opus", "Ogg Opus"}), "ogg");
  EXPECT_EQ(TranscribeMediaFormat({MediaKind::kVoice, "audio/mpeg", "mp3", "MP3"}), "mp3");
  EXPECT_EQ(TranscribeMediaFormat({MediaKind::kVoice, "audio/aac", "aac", "AAC"}), "");
}

}  // namespace
}  // namespace chronotrail::media
