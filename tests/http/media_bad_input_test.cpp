// Uploads the server must refuse, each with its own status, and after which nothing is stored or
// counted: a file of the wrong kind, a corrupt one, a form missing its file or half a position,
// a time in the future, a body that is not a form or not a well-formed one.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "core/error.h"
#include "http/multipart.h"
#include "media/media_samples.h"
#include "support/api_assertions.h"
#include "support/iso_time.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/multipart_body.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

class HttpMediaBadInput : public SharedServerTest<HttpMediaBadInput> {
 public:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    samples_ = std::make_unique<TempDir>();
    MakeTextPhoto(samples_->path() / "ok.jpg", "Fine photo");
  }
  static void TearDownTestSuite() {
    samples_.reset();
    SharedServerTest::TearDownTestSuite();
  }

 protected:
  static std::string PhotoBytes() { return ReadFileBytes(samples_->path() / "ok.jpg"); }
  static std::filesystem::path Sample(const std::string& name) { return samples_->path() / name; }

  // Nothing of the refused upload is left: no media, nothing counted.
  static void ExpectNothingStored(ApiClient& user) {
    EXPECT_EQ(MediaTotal(user), 0);
    EXPECT_EQ(ContentUsed(user), 0);
  }

 private:
  static inline std::unique_ptr<TempDir> samples_;
};

TEST_F(HttpMediaBadInput, TextRenamedToJpgIsRefusedWithTheSupportedFormats) {
  ApiClient ana = NewUser("free");
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Dear diary, today I went to the harbour market.\n";
  HttpResponse refused = Upload(ana, kPhotos, "diary.jpg", text);
  ASSERT_TRUE(IsError(refused, 400, "BAD_REQUEST"));
  std::string message = StringAt(refused.json(), "message");
  for (const char* format : {"JPEG", "PNG", "WebP", "HEIC"}) {
    EXPECT_NE(message.find(format), std::string::npos) << message;
  }
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaBadInput, AShortTextFileIsRefusedToo) {
  // Smaller than the bytes the type is told from: decided when the body ends.
  ApiClient ana = NewUser("free");
  ASSERT_TRUE(IsError(Upload(ana, kPhotos, "note.jpg", "just a few words"), 400, "BAD_REQUEST"));
  ASSERT_TRUE(IsError(Upload(ana, kVoice, "note.mp3", "just a few words"), 400, "BAD_REQUEST"));
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaBadInput, AVoiceRecordingPostedAsAPhotoAndAPhotoAsVoiceAreRefused) {
  ApiClient ana = NewUser("free");
  HttpResponse voice_as_photo = UploadFile(ana, kPhotos, ShortSpeechWav());
  ASSERT_TRUE(IsError(voice_as_photo, 400, "BAD_REQUEST"));
  EXPECT_NE(StringAt(voice_as_photo.json(), "message").find("JPEG"), std::string::npos);
  HttpResponse photo_as_voice = Upload(ana, kVoice, "photo.mp3", PhotoBytes());
  ASSERT_TRUE(IsError(photo_as_voice, 400, "BAD_REQUEST"));
  EXPECT_NE(StringAt(photo_as_voice.json(), "message").find("MP3"), std::string::npos);
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaBadInput, ACorruptJpegIsUnprocessableAndNotStored) {
  ApiClient ana = NewUser("free");
  // A real JPEG's first bytes (its type is plain), then noise where the image should be.
  std::string bytes = PhotoBytes().substr(0, 200);
  std::mt19937 noise(7);
  while (bytes.size() < 40000) bytes += static_cast<char>(noise());
  HttpResponse refused = Upload(ana, kPhotos, "broken.jpg", bytes);
  ASSERT_TRUE(IsError(refused, 422, "UNPROCESSABLE_FILE"));
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaBadInput, AnEmptyFileIsRefused) {
  ApiClient ana = NewUser("free");
  ASSERT_TRUE(IsError(Upload(ana, kPhotos, "empty.jpg", ""), 400, "BAD_REQUEST"));
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaBadInput, AFormWithoutItsFileIsAValidationError) {
  ApiClient ana = NewUser("free");
  MultipartBody form;
  form.Field("timestamp", IsoUtc(std::chrono::system_clock::now() - 1h));
  HttpResponse refused =
      ana.send(http::verb::post, kPhotos, form.body(), {{"Content-Type", form.content_type()}});
  ASSERT_TRUE(IsValidationErrorOn(refused, {"file"}));
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaBadInput, HalfAPositionIsAValidationError) {
  ApiClient ana = NewUser("free");
  HttpResponse only_longitude =
      Upload(ana, kPhotos, "ok.jpg", PhotoBytes(), {{"longitude", "12.5"}});
  EXPECT_TRUE(IsValidationErrorOn(only_longitude, {"latitude"}));
  HttpResponse not_a_number =
      Upload(ana, kPhotos, "ok.jpg", PhotoBytes(), {{"longitude", "east"}, {"latitude", "41.9"}});
  EXPECT_TRUE(IsValidationErrorOn(not_a_number, {"longitude"}));
  HttpResponse out_of_range =
      Upload(ana, kPhotos, "ok.jpg", PhotoBytes(), {{"longitude", "12.5"}, {"latitude", "91"}});
  EXPECT_TRUE(IsValidationErrorOn(out_of_range, {"latitude"}));
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaBadInput, ATimestampInTheFutureOrNotATimeIsAValidationError) {
  ApiClient ana = NewUser("free");
  HttpResponse future = Upload(ana, kPhotos, "ok.jpg", PhotoBytes(),
                               {{"timestamp", IsoUtc(std::chrono::system_clock::now() + 2h)}});
  EXPECT_TRUE(IsValidationErrorOn(future, {"timestamp"}));
  HttpResponse garbage = Upload(ana, kPhotos, "ok.jpg", PhotoBytes(), {{"timestamp", "yesterday"}});
  EXPECT_TRUE(IsValidationErrorOn(garbage, {"timestamp"}));
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaBadInput, ABodyThatIsNotAFormIs415) {
  ApiClient ana = NewUser("free");
  HttpResponse raw =
      ana.send(http::verb::post, kPhotos, PhotoBytes(), {{"Content-Type", "image/jpeg"}});
  EXPECT_TRUE(IsError(raw, 415, "UNSUPPORTED_MEDIA_TYPE"));
  HttpResponse json = ana.post(kVoice, boost::json::object{{"file", "aGVsbG8="}});
  EXPECT_TRUE(IsError(json, 415, "UNSUPPORTED_MEDIA_TYPE"));
  HttpResponse none = ana.send(http::verb::post, kPhotos, "", {});
  EXPECT_TRUE(IsError(none, 415, "UNSUPPORTED_MEDIA_TYPE"));
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaBadInput, AMalformedFormIs400) {
  ApiClient ana = NewUser("free");
  MultipartBody form;
  form.File("file", "ok.jpg", "image/jpeg", PhotoBytes());
  std::string body = form.body();
  const Headers form_type = {{"Content-Type", form.content_type()}};
  // Cut before the closing boundary.
  HttpResponse truncated =
      ana.send(http::verb::post, kPhotos, body.substr(0, body.size() - 40), form_type);
  EXPECT_TRUE(IsError(truncated, 400, "BAD_REQUEST"));
  // Parts without a Content-Disposition.
  std::string headless = "--" + form.boundary() + "\r\nContent-Type: image/jpeg\r\n\r\n" +
                         PhotoBytes() + "\r\n--" + form.boundary() + "--\r\n";
  EXPECT_TRUE(
      IsError(ana.send(http::verb::post, kPhotos, headless, form_type), 400, "BAD_REQUEST"));
  // No boundary parameter.
  EXPECT_TRUE(
      IsError(ana.send(http::verb::post, kPhotos, body, {{"Content-Type", "multipart/form-data"}}),
              400, "BAD_REQUEST"));
  // A boundary that never occurs in the body.
  EXPECT_TRUE(IsError(ana.send(http::verb::post, kPhotos, body,
                               {{"Content-Type", "multipart/form-data; boundary=elsewhere"}}),
                      400, "BAD_REQUEST"));
  // Two files in one upload.
  MultipartBody two;
  two.File("file", "a.jpg", "image/jpeg", PhotoBytes()).File("file", "b.jpg", "image/jpeg", "x");
  EXPECT_TRUE(IsError(
      ana.send(http::verb::post, kPhotos, two.body(), {{"Content-Type", two.content_type()}}), 400,
      "BAD_REQUEST"));
  ExpectNothingStored(ana);
  // The connection (closed after a refusal mid-body, or not) still serves the next upload.
  ASSERT_TRUE(HasStatus(Upload(ana, kPhotos, "ok.jpg", PhotoBytes()), 201));
}

// Found by fuzz/multipart_fuzzer: a type that differs from multipart/form-data only in case was
// compared with beast::iequals, which read one byte past the end of the Content-Type (ASan:
// heap-buffer-overflow). Here the value ends exactly where its allocation does.
TEST(MultipartBoundary, ATypeInAnotherCaseIsReadWithinItsBytes) {
  for (std::string_view type : {"Multipart/Form-Data", "MULTIPART/FORM-DATA; boundary=b1"}) {
    auto bytes = std::make_unique<char[]>(type.size());
    std::copy(type.begin(), type.end(), bytes.get());
    std::string_view exact(bytes.get(), type.size());
    if (type.find(';') == std::string_view::npos) {
      EXPECT_THROW(chronotrail::http::MultipartReader::BoundaryOf(exact), ApiError);  // no boundary
    } else {
      EXPECT_EQ(chronotrail::http::MultipartReader::BoundaryOf(exact), "b1");
    }
  }
}

TEST_F(HttpMediaBadInput, UploadsNeedAToken) {
  ApiClient nobody = Anonymous();
  EXPECT_TRUE(
      IsError(Upload(nobody, kPhotos, "ok.jpg", PhotoBytes()), 401, "AUTHENTICATION_ERROR"));
  EXPECT_TRUE(IsError(nobody.get("/api/v1/media"), 401, "AUTHENTICATION_ERROR"));
}

}  // namespace
}  // namespace chronotrail::testing
