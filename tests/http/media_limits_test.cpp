// The limits of a tier on uploads: the largest file (413 with the limit, as the body arrives and
// before it is sent when its length is announced), the daily content limit shared with notes
// (429 with the usage headers) and the storage quota (413). A refused upload stores nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "media/media_samples.h"
#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/multipart_body.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"
#include "support/usage_limits.h"

namespace chronotrail::testing {
namespace {

constexpr std::int64_t kMiB = 1 << 20;
constexpr std::int64_t kFreeFileLimit = 5 * kMiB;

// Processing is not what these tests are about: nothing processes, and uploads answer at once.
Environment WithoutProcessing(Environment extra = {}) {
  extra["MEDIA_WORKERS"] = "0";
  extra["MEDIA_WAIT_SECONDS"] = "0";
  return extra;
}

// The 413 for a file past the free tier's limit, with the limit in its details.
::testing::AssertionResult IsFileTooLarge(const HttpResponse& response) {
  ::testing::AssertionResult error = IsError(response, 413, "PAYLOAD_TOO_LARGE");
  if (!error) return error;
  if (At(response.json(), "details.limit_bytes") != boost::json::value(kFreeFileLimit)) {
    return ::testing::AssertionFailure()
           << "details.limit_bytes is not " << kFreeFileLimit << " in " << Describe(response);
  }
  return ::testing::AssertionSuccess();
}

class HttpMediaLimits : public SharedServerTest<HttpMediaLimits> {
 public:
  static Environment ServerEnvironment() { return WithoutProcessing(); }
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

  // The head of a POST /voice of `form`, with `extra` header lines.
  static std::string UploadHead(const ApiClient& user, const MultipartBody& form,
                                const std::string& extra) {
    return std::string("POST ") + kVoice +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + user.token() +
           "\r\nContent-Type: " + form.content_type() + "\r\n" + extra + "\r\n";
  }

  // Nothing of a refused upload is left: no media, nothing counted, no spool file.
  static void ExpectNothingStored(ApiClient& user) {
    EXPECT_EQ(MediaTotal(user), 0);
    EXPECT_EQ(ContentUsed(user), 0);
    std::error_code ec;
    EXPECT_TRUE(std::filesystem::is_empty(server().data_dir() / "spool", ec) || ec);
  }

 private:
  static inline std::unique_ptr<TempDir> samples_;
};

TEST_F(HttpMediaLimits, AFileOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot) {
  ApiClient ana = NewUser("free");
  WriteNoiseWav(Sample("at-limit.wav"), kFreeFileLimit, 1);
  WriteNoiseWav(Sample("past-limit.wav"), kFreeFileLimit + 1, 2);
  // One byte over: the announced length still fits the form's allowance, so the file is
  // measured as it arrives.
  HttpResponse refused =
      StreamUpload(ana.connection(), ana.token(), kVoice, Sample("past-limit.wav"), "past.wav");
  EXPECT_TRUE(IsFileTooLarge(refused));
  ExpectNothingStored(ana);
  HttpResponse accepted =
      StreamUpload(ana.connection(), ana.token(), kVoice, Sample("at-limit.wav"), "at.wav");
  ASSERT_TRUE(HasStatus(accepted, 201));
  EXPECT_EQ(At(accepted.json(), "file_size").to_number<std::int64_t>(), kFreeFileLimit);
}

TEST_F(HttpMediaLimits, ASixMegabyteFileIsRefusedWith413AndNothingIsStored) {
  ApiClient ana = NewUser("free");
  WriteNoiseWav(Sample("six.wav"), 6 * kMiB);
  HttpResponse refused =
      StreamUpload(ana.connection(), ana.token(), kVoice, Sample("six.wav"), "six.wav");
  EXPECT_TRUE(IsFileTooLarge(refused));
  EXPECT_EQ(refused.header("Connection"), "close") << "the rest of the body is not read";
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaLimits, AnAnnouncedOversizeBodyIsRefusedBeforeItIsSent) {
  ApiClient ana = NewUser("free");
  MultipartBody form;
  // The client waits for "100 Continue" before sending the body: the answer must be the 413.
  ana.connection().send_raw(UploadHead(
      ana, form, "Content-Length: " + std::to_string(6 * kMiB) + "\r\nExpect: 100-continue\r\n"));
  HttpResponse refused = ana.connection().read_response();
  EXPECT_TRUE(IsFileTooLarge(refused));
  ana.connection().close();
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaLimits, AChunkedBodyIsRefusedAsSoonAsItPassesTheLimit) {
  ApiClient ana = NewUser("free");
  MultipartBody form;
  HttpClient& connection = ana.connection();
  connection.send_raw(UploadHead(ana, form, "Transfer-Encoding: chunked\r\n"));
  auto chunk = [](std::string_view bytes) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
    return size + std::string(bytes) + "\r\n";
  };
  connection.send_raw(chunk(form.FileHead("file", "long.wav", "audio/wav")));
  WriteNoiseWav(Sample("long.wav"), 6 * kMiB, 3);
  std::string wav = ReadFileBytes(Sample("long.wav"));
  // A little past the limit, and no end: only a server that counts as bytes arrive can answer.
  const size_t piece = 64 * 1024;
  for (size_t sent = 0; sent < kFreeFileLimit + 2 * piece; sent += piece) {
    connection.send_raw(chunk(std::string_view(wav).substr(sent, piece)));
  }
  HttpResponse refused = connection.read_response();
  EXPECT_TRUE(IsFileTooLarge(refused));
  connection.close();
  ExpectNothingStored(ana);
}

TEST_F(HttpMediaLimits, AFreeUserHasThreeContentItemsADayAcrossNotesPhotosAndVoice) {
  ApiClient ana = NewUser("free");
  ASSERT_TRUE(HasStatus(ana.post("/api/v1/notes", RecentNote()), 201));
  MakeTextPhoto(Sample("first.jpg"), "First photo");
  MakeTextPhoto(Sample("second.jpg"), "Second photo");
  HttpResponse photo = UploadFile(ana, kPhotos, Sample("first.jpg"));
  ASSERT_TRUE(HasStatus(photo, 201));
  EXPECT_TRUE(HasUsageHeaders(photo, "3", "1"));
  HttpResponse voice = UploadFile(ana, kVoice, ShortSpeechWav());
  ASSERT_TRUE(HasStatus(voice, 201));
  EXPECT_TRUE(HasUsageHeaders(voice, "3", "0"));

  HttpResponse refused = UploadFile(ana, kPhotos, Sample("second.jpg"));
  EXPECT_TRUE(IsUsageLimitExceeded(refused, 3, "free"));
  EXPECT_TRUE(IsUsageLimitExceeded(UploadFile(ana, kVoice, LongSpeechWav()), 3, "free"));
  EXPECT_EQ(MediaTotal(ana), 2);
  EXPECT_EQ(ContentUsed(ana), 3);
  // What was already uploaded is not content again: its duplicate is still answered.
  HttpResponse again = UploadFile(ana, kPhotos, Sample("first.jpg"));
  ASSERT_TRUE(HasStatus(again, 200));
  EXPECT_TRUE(At(again.json(), "duplicate").as_bool());
  std::error_code ec;
  EXPECT_TRUE(std::filesystem::is_empty(server().data_dir() / "spool", ec) || ec);
}

// LIMIT_FREE_STORAGE_MB=1: two photos of about 640 KB do not fit.
class HttpMediaStorageQuota : public SharedServerTest<HttpMediaStorageQuota> {
 public:
  static Environment ServerEnvironment() {
    return WithoutProcessing({{"LIMIT_FREE_STORAGE_MB", "1"}});
  }
};

TEST_F(HttpMediaStorageQuota, AnUploadPastTheStorageQuotaIsRefusedWith413) {
  TempDir dir;
  ApiClient ana = NewUser("free");
  MakeNoisePhoto(dir.path() / "one.png", 500, 500, 1);
  MakeNoisePhoto(dir.path() / "two.png", 500, 500, 2);
  const auto first_size =
      static_cast<std::int64_t>(std::filesystem::file_size(dir.path() / "one.png"));
  ASSERT_GT(first_size, kMiB / 2);
  ASSERT_TRUE(HasStatus(UploadFile(ana, kPhotos, dir.path() / "one.png"), 201));

  HttpResponse refused = UploadFile(ana, kPhotos, dir.path() / "two.png");
  ASSERT_TRUE(IsError(refused, 413, "PAYLOAD_TOO_LARGE"));
  EXPECT_EQ(At(refused.json(), "details.storage_limit_bytes").to_number<std::int64_t>(), kMiB);
  EXPECT_EQ(At(refused.json(), "details.storage_used_bytes").to_number<std::int64_t>(), first_size);
  EXPECT_EQ(MediaTotal(ana), 1);
  EXPECT_EQ(ContentUsed(ana), 1);

  // Another user's quota is their own.
  ApiClient ben = NewUser("free");
  EXPECT_TRUE(HasStatus(UploadFile(ben, kPhotos, dir.path() / "two.png"), 201));
}

}  // namespace
}  // namespace chronotrail::testing
