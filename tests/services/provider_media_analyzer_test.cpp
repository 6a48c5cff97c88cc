// The offline reading of media improved by remote providers, each a stub on loopback that answers
// as the real service does: what the photo's text, description and facts become; what a failing
// provider leaves behind; and a voice note transcribed by Amazon Transcribe across several runs of
// the job queue, with a restart in the middle.
#include "services/provider_media_analyzer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.h"
#include "core/ids.h"
#include "core/limits.h"
#include "media/aws_photo_readers.h"
#include "media/aws_transcribe.h"
#include "media/media_samples.h"
#include "media/remote_describer.h"
#include "media/remote_transcriber.h"
#include "services/media_jobs.h"
#include "services/offline_media_analyzer.h"
#include "storage/blob/blob_store.h"
#include "storage/blob/local_blob_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "support/fake_transcribe.h"
#include "support/fixed_clock.h"
#include "support/media_uploads.h"
#include "support/temp_dir.h"

namespace chronotrail {
namespace {

using testing::AwsJsonStub;
using Request = testing::LoopbackHttpServer::Request;
using Response = testing::LoopbackHttpServer::Response;

boost::json::object FactsOf(const MediaUnderstanding& u) {
  return boost::json::parse(u.facts_json).as_object();
}

Media MediaOf(MediaType type, const std::string& blob_key = "k") {
  Media m;
  m.id = NewId();
  m.user_id = NewId();
  m.type = type;
  m.blob_key = blob_key;
  return m;
}

// Rekognition and Textract on one stub, told apart by X-Amz-Target; `status` 200 or an error.
struct AwsPhotoStub {
  int status = 200;
  AwsJsonStub stub{[this](const Request&, const std::string& target, const boost::json::value&) {
    if (status != 200) return Response{status, R"({"__type": "ThrottlingException"})"};
    if (target == "RekognitionService.DetectLabels")
      return Response{200, R"({"Labels": [{"Name": "Poster"}, {"Name": "Text"}]})"};
    if (target == "Textract.DetectDocumentText")
      return Response{200, R"({"Blocks": [{"BlockType": "LINE", "Text": "HARBOUR MARKET"},
                                          {"BlockType": "LINE", "Text": "OPENS SUNDAY"}]})"};
    return Response{400, R"({"__type": "UnknownOperationException"})"};
  }};
  media::AwsPhotoOptions Options() const { return {"eu-west-1", stub.server.Url(""), 10000}; }
};

// An OpenAI-compatible server: chat completions and transcriptions; `status` 200 or an error.
struct OpenAiStub {
  int status = 200;
  testing::LoopbackHttpServer server{[this](const Request& r) {
    if (status != 200) return Response{status, R"({"error": {"message": "overloaded"}})"};
    if (r.target == "/v1/chat/completions")
      return Response{200, R"({"choices": [{"message": {"content": "A market poster."}}]})"};
    return Response{200, R"({"text": "Remember to buy milk."})"};
  }};
  media::RemoteProviderSettings Settings(const std::string& model) const {
    return {server.Url("/v1"), "sk-test", model, 10000};
  }
};

class ProviderMediaAnalyzerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    samples_ = std::make_unique<testing::TempDir>();
    testing::MakeTextPhoto(Photo(), "HARBOUR MARKET");
  }
  static void TearDownTestSuite() { samples_.reset(); }
  static std::filesystem::path Photo() { return samples_->path() / "poster.jpg"; }

  static inline std::unique_ptr<testing::TempDir> samples_;
};

TEST_F(ProviderMediaAnalyzerTest, TextractTextAndRekognitionLabelsImproveThePhotoReading) {
  AwsPhotoStub aws;
  MediaProviders p;
  p.text_reader = media::MakeTextractTextReader(aws.Options(), testing::StubKeys());
  p.text_reader_name = "aws-textract";
  p.labeler = media::MakeRekognitionLabeler(aws.Options(), testing::StubKeys());
  p.labeler_name = "aws-rekognition";
  ProviderMediaAnalyzer analyzer(std::make_unique<OfflineMediaAnalyzer>(), std::move(p));

  MediaUnderstanding u = analyzer.Analyze(MediaOf(MediaType::kPhoto), Photo(), {1, false});
  EXPECT_EQ(u.text, "HARBOUR MARKET\nOPENS SUNDAY");
  ASSERT_TRUE(u.description);
  EXPECT_NE(u.description->find("Shows: Poster, Text."), std::string::npos) << *u.description;
  boost::json::object facts = FactsOf(u);
  EXPECT_EQ(facts.at("labels"), (boost::json::array{"Poster", "Text"}));
  EXPECT_EQ(facts.at("providers"),
            (boost::json::object{{"text", "aws-textract"}, {"labels", "aws-rekognition"}}));
  EXPECT_TRUE(facts.contains("width"));  // the offline facts stay
}

TEST_F(ProviderMediaAnalyzerTest, FailingPhotoProvidersLeaveTheOfflineReadingAtOnce) {
  AwsPhotoStub aws;
  aws.status = 400;
  OpenAiStub openai;
  openai.status = 503;
  MediaProviders p;
  p.text_reader = media::MakeTextractTextReader(aws.Options(), testing::StubKeys());
  p.labeler = media::MakeRekognitionLabeler(aws.Options(), testing::StubKeys());
  p.describer = std::make_unique<media::OpenAiVisionDescriber>(openai.Settings("gpt-4o-mini"));
  ProviderMediaAnalyzer analyzer(std::make_unique<OfflineMediaAnalyzer>(), std::move(p));
  const Media m = MediaOf(MediaType::kPhoto);

  // Not the last attempt, and still no exception: photos do not wait for providers.
  MediaUnderstanding u = analyzer.Analyze(m, Photo(), {1, false});
  MediaUnderstanding offline = OfflineMediaAnalyzer().Analyze(m, Photo(), {1, true});
  EXPECT_EQ(u.text, offline.text);
  EXPECT_TRUE(testing::ContainsWord(u.text, "harbour")) << u.text;
  EXPECT_EQ(u.description, offline.description);
  EXPECT_EQ(FactsOf(u).at("providers"), boost::json::object{});
  EXPECT_FALSE(FactsOf(u).contains("labels"));
}

TEST_F(ProviderMediaAnalyzerTest, AVisionParagraphLeadsTheOfflineDescription) {
  OpenAiStub openai;
  MediaProviders p;
  p.describer = std::make_unique<media::OpenAiVisionDescriber>(openai.Settings("gpt-4o-mini"));
  p.describer_name = "openai";
  ProviderMediaAnalyzer analyzer(std::make_unique<OfflineMediaAnalyzer>(), std::move(p));
  const Media m = MediaOf(MediaType::kPhoto);
  MediaUnderstanding u = analyzer.Analyze(m, Photo(), {1, false});
  MediaUnderstanding offline = OfflineMediaAnalyzer().Analyze(m, Photo(), {1, true});
  EXPECT_EQ(u.description, "A market poster.\n\n" + *offline.description);
  EXPECT_EQ(u.text, offline.text);
  EXPECT_EQ(FactsOf(u).at("providers"), (boost::json::object{{"description", "openai"}}));
}

TEST_F(ProviderMediaAnalyzerTest, AFailingTranscriberIsRetriedThenPocketSphinxOnTheLastAttempt) {
  OpenAiStub openai;
  MediaProviders p;
  p.transcriber = std::make_unique<media::OpenAiTranscriber>(openai.Settings("whisper-1"));
  p.transcriber_name = "openai";
  ProviderMediaAnalyzer analyzer(std::make_unique<OfflineMediaAnalyzer>(), std::move(p));
  const Media m = MediaOf(MediaType::kVoice);
  const std::filesystem::path speech = testing::ShortSpeechWav();

  MediaUnderstanding u = analyzer.Analyze(m, speech, {1, false});
  EXPECT_EQ(u.text, "Remember to buy milk.");
  EXPECT_EQ(u.description, "A voice note of 3 seconds.");
  EXPECT_EQ(FactsOf(u).at("providers"), (boost::json::object{{"transcript", "openai"}}));
  EXPECT_NEAR(FactsOf(u).at("duration_seconds").to_number<double>(), 2.99, 0.05);

  openai.status = 503;
  EXPECT_THROW(analyzer.Analyze(m, speech, {1, false}), ApiError);
  u = analyzer.Analyze(m, speech, {4, true});
  EXPECT_TRUE(testing::ContainsWord(u.text, "young man")) << u.text;
  EXPECT_FALSE(FactsOf(u).contains("providers"));
}

// --- Amazon Transcribe through the job queue ---

class TranscribeThroughTheQueue : public ::testing::Test {
 protected:
  TranscribeThroughTheQueue() : store_((dir_.path() / "t.db").string(), 2), blobs_(dir_.path()) {
    store_.Migrate();
    config_.data_dir = dir_.path().string();
    config_.media_max_attempts = 2;
    User u;
    u.id = NewId();
    u.email = "ana@example.com";
    u.auth_issuer = "chronotrail-local";
    u.auth_subject = u.email;
    user_ = store_.FindOrCreateUser(u);
    // The voice note as an upload leaves it: its bytes in the blob store, its job queued.
    media_ = MediaOf(MediaType::kVoice);
    media_.user_id = user_.id;
    media_.blob_key = BlobKey(user_.id, "voice", media_.id);
    media_.content_type = "audio/wav";
    media_.sha256 = "sha-" + media_.id;
    media_.created_at = media_.updated_at = media_.timestamp = clock_.Now();
    const std::filesystem::path copy = dir_.path() / "upload.wav";
    std::filesystem::copy_file(testing::ShortSpeechWav(), copy);
    media_.file_size = static_cast<std::int64_t>(std::filesystem::file_size(copy));
    blobs_.PutFile(media_.blob_key, copy);
    EXPECT_EQ(
        store_.InsertMedia(media_, {"2024-05-06", UsageKind::kContent, kUnlimited}, kUnlimited)
            .outcome,
        MediaInsert::Outcome::kInserted);
  }

  // A server's worth of analyzer and queue, as after a (re)start.
  void Start() {
    jobs_.reset();
    MediaProviders p;
    p.async_transcriber = media::MakeAwsTranscribe(
        {"eu-west-1", transcribe_.endpoint_url(), "en-US", 10000}, testing::StubKeys(), clock_);
    p.transcriber_name = "aws-transcribe";
    p.media_bucket = "chronotrail-media";
    p.poll_seconds = 15;
    analyzer_ = std::make_unique<ProviderMediaAnalyzer>(std::make_unique<OfflineMediaAnalyzer>(),
                                                        std::move(p), clock_);
    jobs_ = std::make_unique<MediaJobs>(store_, blobs_, *analyzer_, config_, clock_);
  }
  Media Stored() { return *store_.FindMedia(user_.id, media_.id); }
  void Wait(int seconds) { clock_.now += seconds * kMicrosPerSecond; }

  testing::TempDir dir_;
  SqliteStore store_;
  LocalBlobStore blobs_;
  Config config_;
  testing::FixedClock clock_{"2024-05-06T07:08:09Z"};
  testing::FakeTranscribe transcribe_;
  std::unique_ptr<ProviderMediaAnalyzer> analyzer_;
  std::unique_ptr<MediaJobs> jobs_;
  User user_;
  Media media_;
};

TEST_F(TranscribeThroughTheQueue, StartsPollsResumesAfterARestartAndStoresTheTranscript) {
  const std::string job = "chronotrail-" + media_.id;
  Start();
  EXPECT_EQ(jobs_->RunOnce(), 1);  // started, then postponed
  EXPECT_EQ(transcribe_.Calls("Transcribe.StartTranscriptionJob"), 1);
  boost::json::object start =
      boost::json::parse(transcribe_.stub().Requests().at(1).body).as_object();
  EXPECT_EQ(start.at("Media").at("MediaFileUri").as_string(),
            "s3://chronotrail-media/" + media_.blob_key);
  EXPECT_EQ(start.at("MediaFormat").as_string(), "wav");
  EXPECT_EQ(start.at("LanguageCode").as_string(), "en-US");
  EXPECT_EQ(Stored().status, ProcessingStatus::kPending);
  EXPECT_EQ(jobs_->RunOnce(), 0);  // not due before the pause

  // More polls than MEDIA_MAX_ATTEMPTS: waiting is not failing.
  for (int i = 0; i < 3; ++i) {
    Wait(15);
    EXPECT_EQ(jobs_->RunOnce(), 1);
  }
  Start();  // a restart: the same job is asked about, none is started
  Wait(15);
  EXPECT_EQ(jobs_->RunOnce(), 1);
  EXPECT_EQ(transcribe_.Calls("Transcribe.StartTranscriptionJob"), 1);
  EXPECT_EQ(transcribe_.Calls("Transcribe.GetTranscriptionJob"), 5);

  // One real failure is a counted attempt (the first of two), retried after its pause...
  transcribe_.FailNextCall();
  Wait(15);
  EXPECT_EQ(jobs_->RunOnce(), 1);
  EXPECT_EQ(Stored().status, ProcessingStatus::kPending);
  // ...and the provider's transcript, not PocketSphinx's, is what is stored.
  transcribe_.Complete(job, "Remember to buy milk.");
  Wait(2);
  EXPECT_EQ(jobs_->RunOnce(), 1);
  Media done = Stored();
  EXPECT_EQ(done.status, ProcessingStatus::kCompleted);
  EXPECT_EQ(done.text, "Remember to buy milk.");
  EXPECT_EQ(done.description, "A voice note of 3 seconds.");
  EXPECT_EQ(boost::json::parse(done.facts_json).at("providers"),
            (boost::json::object{{"transcript", "aws-transcribe"}}));
}

TEST_F(TranscribeThroughTheQueue, AFailedJobFallsBackToPocketSphinxAtOnce) {
  Start();
  jobs_->RunOnce();
  transcribe_.Fail("chronotrail-" + media_.id, "Unsupported media format");
  Wait(15);
  EXPECT_EQ(jobs_->RunOnce(), 1);
  Media done = Stored();
  EXPECT_EQ(done.status, ProcessingStatus::kCompleted);
  EXPECT_TRUE(testing::ContainsWord(done.text, "young man")) << done.text;
}

}  // namespace
}  // namespace chronotrail
