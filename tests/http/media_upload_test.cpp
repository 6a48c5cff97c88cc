// POST /api/v1/photos and /api/v1/voice end to end, with real files: the text in a photo and the
// words of a voice note come back from the upload, its info and the list; the same bytes twice
// give the first record back.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "media/media_samples.h"
#include "support/api_assertions.h"
#include "support/iso_time.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/s3_test_server.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"
#include "support/usage_limits.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

class HttpMediaUpload : public SharedServerTest<HttpMediaUpload> {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    samples_ = std::make_unique<TempDir>();
  }
  static void TearDownTestSuite() {
    samples_.reset();
    SharedServerTest::TearDownTestSuite();
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    StayClearOfMidnight();
  }

  static std::filesystem::path Sample(const std::string& name) { return samples_->path() / name; }

 private:
  static inline std::unique_ptr<TempDir> samples_;
};

TEST_F(HttpMediaUpload, APhotoWithTextIsReadAtOnceAndShownByInfoAndList) {
  ApiClient ana = NewUser("free");
  const std::filesystem::path photo = Sample("harbour.jpg");
  MakeTextPhoto(photo, "Harbour Market opens Sunday");
  const std::string taken = IsoUtc(std::chrono::system_clock::now() - 48h);
  HttpResponse created = UploadFile(ana, kPhotos, photo,
                                    {{"timestamp", taken},
                                     {"longitude", "-9.1393"},
                                     {"latitude", "38.7223"},
                                     {"address", "Cais do Sodré, Lisboa"},
                                     {"names", "Ana, Ben ,"}});
  ASSERT_TRUE(HasStatus(created, 201));
  EXPECT_TRUE(HasUsageHeaders(created, "3", "2"));
  boost::json::value body = created.json();
  const std::string id = StringAt(body, "file_id");
  EXPECT_TRUE(IsLowerCaseUuid(At(body, "file_id")));
  EXPECT_EQ(StringAt(body, "file_type"), "photo");
  EXPECT_EQ(At(body, "file_size").to_number<std::int64_t>(),
            static_cast<std::int64_t>(std::filesystem::file_size(photo)));
  EXPECT_EQ(StringAt(body, "processing_status"), "completed") << Describe(created);
  EXPECT_FALSE(At(body, "duplicate").as_bool());
  EXPECT_TRUE(At(body, "error_details").is_null());
  EXPECT_TRUE(ContainsWord(StringAt(body, "message"), "harbour")) << StringAt(body, "message");
  for (const char* word : {"harbour", "market", "opens", "sunday"}) {
    EXPECT_TRUE(ContainsWord(StringAt(body, "media.extracted_text"), word)) << word;
  }

  HttpResponse info = ana.get("/api/v1/media/" + id + "/info");
  ASSERT_TRUE(HasStatus(info, 200));
  boost::json::value media = info.json();
  EXPECT_EQ(StringAt(media, "id"), id);
  EXPECT_EQ(StringAt(media, "content_type"), "image/jpeg");
  EXPECT_EQ(StringAt(media, "original_filename"), "harbour.jpg");
  EXPECT_EQ(StringAt(media, "processing_status"), "completed");
  EXPECT_TRUE(ContainsWord(StringAt(media, "extracted_text"), "market"));
  EXPECT_EQ(ParseIsoUtc(StringAt(media, "timestamp")), ParseIsoUtc(taken));
  EXPECT_DOUBLE_EQ(At(media, "location.longitude").as_double(), -9.1393);
  EXPECT_DOUBLE_EQ(At(media, "location.latitude").as_double(), 38.7223);
  EXPECT_EQ(StringAt(media, "location.address"), "Cais do Sodré, Lisboa");
  EXPECT_EQ(At(media, "location.names"), boost::json::value(boost::json::array{"Ana", "Ben"}));
  EXPECT_EQ(StringAt(media, "metadata.mime"), "image/jpeg");
  EXPECT_GT(At(media, "metadata.width").to_number<int>(), 100);

  HttpResponse list = ana.get("/api/v1/media?type=photo");
  ASSERT_TRUE(HasStatus(list, 200));
  EXPECT_EQ(At(list.json(), "total").to_number<int>(), 1);
  EXPECT_EQ(StringAt(list.json(), "media.0.id"), id);
  HttpResponse voices = ana.get("/api/v1/media?type=voice");
  ASSERT_TRUE(HasStatus(voices, 200));
  EXPECT_EQ(At(voices.json(), "total").to_number<int>(), 0);
  // Dates select by the media's own time (the one given), not by when it was uploaded.
  HttpResponse before =
      ana.get("/api/v1/media?end_date=" + IsoUtc(std::chrono::system_clock::now() - 72h));
  ASSERT_TRUE(HasStatus(before, 200));
  EXPECT_EQ(At(before.json(), "total").to_number<int>(), 0);
  HttpResponse around =
      ana.get("/api/v1/media?start_date=" + IsoUtc(std::chrono::system_clock::now() - 72h) +
              "&end_date=" + IsoUtc(std::chrono::system_clock::now() - 24h));
  ASSERT_TRUE(HasStatus(around, 200));
  EXPECT_EQ(At(around.json(), "total").to_number<int>(), 1);
  EXPECT_EQ(ContentUsed(ana), 1);
}

TEST_F(HttpMediaUpload, VoiceNotesInMp3M4aAndOggAreTranscribedWithTheirDuration) {
  ApiClient ana = NewUser();
  struct Case {
    const char* file;
    const char* ffmpeg_options;
    const char* mime;
  };
  // Recorded as phones do: 44.1 or 48 kHz stereo.
  const Case cases[] = {{"note.mp3", "-ar 44100", "audio/mpeg"},
                        {"note.m4a", "-ar 44100", "audio/mp4"},
                        {"note.ogg", "-ar 48000 -c:a libopus -b:a 32k", "audio/ogg"}};
  std::vector<std::string> ids;
  for (const Case& c : cases) {
    Shell("ffmpeg -loglevel error -y -i " + Quoted(ShortSpeechWav().string()) + " -ac 2 " +
          c.ffmpeg_options + " " + Quoted(Sample(c.file).string()));
    HttpResponse created = UploadFile(ana, kVoice, Sample(c.file));
    ASSERT_TRUE(HasStatus(created, 201)) << c.file;
    EXPECT_EQ(StringAt(created.json(), "file_type"), "voice") << c.file;
    ids.push_back(StringAt(created.json(), "file_id"));
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    SCOPED_TRACE(cases[i].file);
    boost::json::value media = WaitUntilProcessed(ana, ids[i]);
    ASSERT_EQ(StringAt(media, "processing_status"), "completed") << media;
    EXPECT_EQ(StringAt(media, "content_type"), cases[i].mime);
    EXPECT_TRUE(ContainsWord(StringAt(media, "extracted_text"), "young man"))
        << StringAt(media, "extracted_text");
    EXPECT_NEAR(At(media, "metadata.duration_seconds").to_number<double>(), 2.99, 0.1);
  }
  HttpResponse list = ana.get("/api/v1/media?type=voice");
  ASSERT_TRUE(HasStatus(list, 200));
  EXPECT_EQ(At(list.json(), "total").to_number<int>(), 3);
}

TEST_F(HttpMediaUpload, TheSameBytesTwiceGiveTheFirstRecordBackUncounted) {
  ApiClient ana = NewUser("free");
  const std::filesystem::path photo = Sample("twice.png");
  MakeTextPhoto(photo, "Uploaded twice");
  HttpResponse first = UploadFile(ana, kPhotos, photo);
  ASSERT_TRUE(HasStatus(first, 201));
  HttpResponse again = UploadFile(ana, kPhotos, photo, {{"address", "elsewhere"}});
  ASSERT_TRUE(HasStatus(again, 200));
  EXPECT_EQ(StringAt(again.json(), "file_id"), StringAt(first.json(), "file_id"));
  EXPECT_TRUE(At(again.json(), "duplicate").as_bool());
  EXPECT_TRUE(At(again.json(), "media.location").is_null()) << "the earlier record, unchanged";
  EXPECT_EQ(MediaTotal(ana), 1);
  EXPECT_EQ(ContentUsed(ana), 1);

  // The same bytes from someone else are that person's own photo.
  ApiClient ben = NewUser("free");
  HttpResponse bens = UploadFile(ben, kPhotos, photo);
  ASSERT_TRUE(HasStatus(bens, 201));
  EXPECT_NE(StringAt(bens.json(), "file_id"), StringAt(first.json(), "file_id"));
  EXPECT_FALSE(At(bens.json(), "duplicate").as_bool());
}

// The media store (S3) is down: an upload fails with 503 and leaves no record and no count, the
// rest of the API keeps working, and downloads of earlier media say 503 too.
TEST(HttpMediaStoreOutage, UploadsGet503AndLeaveNoRecordWhileS3IsDown) {
  auto s3 = std::make_unique<S3TestServer>();
  ServerProcess server({{"S3_BUCKET_NAME", s3->bucket()},
                        {"S3_ENDPOINT_URL", s3->endpoint_url()},
                        {"AWS_ACCESS_KEY_ID", S3TestServer::kAccessKeyId},
                        {"AWS_SECRET_ACCESS_KEY", S3TestServer::kSecretAccessKey}});
  ApiClient ana(server.port(), server.create_token(UniqueEmail(), "pro"));
  TempDir dir;
  MakeNoisePhoto(dir.path() / "before.png", 32, 32, 1);
  MakeNoisePhoto(dir.path() / "during.png", 32, 32, 2);
  HttpResponse stored = UploadFile(ana, kPhotos, dir.path() / "before.png");
  ASSERT_TRUE(HasStatus(stored, 201));
  const std::string id = StringAt(stored.json(), "file_id");

  s3.reset();  // stopped
  HttpResponse refused = UploadFile(ana, kPhotos, dir.path() / "during.png");
  EXPECT_TRUE(IsError(refused, 503, "SERVICE_UNAVAILABLE"));
  EXPECT_TRUE(refused.has_header("Retry-After"));
  EXPECT_EQ(MediaTotal(ana), 1);
  EXPECT_EQ(ContentUsed(ana), 1);
  EXPECT_TRUE(HasStatus(ana.get("/api/v1/media/" + id + "/info"), 200));
  EXPECT_TRUE(HasStatus(ana.post("/api/v1/notes", {{"text_content", "still writing"},
                                                   {"timestamp", "2024-03-12T09:14:00Z"}}),
                        201));
  HttpResponse url = ana.get("/api/v1/media/" + id + "/download-url");
  EXPECT_TRUE(url.status == 200 || url.status == 503) << Describe(url);
}

}  // namespace
}  // namespace chronotrail::testing
