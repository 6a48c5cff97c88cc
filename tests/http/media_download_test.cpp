// GET /api/v1/media/{id} and its neighbours: the bytes exactly as uploaded, ranges, conditional
// requests, HEAD, a safe Content-Disposition for any file name, signed URLs that work without a
// token and only unaltered; another user's media is missing on every route; DELETE removes the
// record at once and the bytes soon after.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "core/digest.h"
#include "media/media_samples.h"
#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/shared_server_test.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kUnicodeName = "café ☕.jpg";

class HttpMediaDownloads : public SharedServerTest<HttpMediaDownloads> {
 public:
  // Uploads answer without waiting for processing, which downloads do not need.
  static Environment ServerEnvironment() { return {{"MEDIA_WAIT_SECONDS", "0"}}; }

  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    samples_ = std::make_unique<TempDir>();
    MakeTextPhoto(samples_->path() / "photo.jpg", "Download me");
    photo_ = ReadFileBytes(samples_->path() / "photo.jpg");
  }
  static void TearDownTestSuite() {
    samples_.reset();
    SharedServerTest::TearDownTestSuite();
  }

 protected:
  // A new user's upload of the sample photo as "café ☕.jpg"; returns the media id.
  static std::string UploadPhoto(ApiClient& user) {
    HttpResponse created = Upload(user, kPhotos, kUnicodeName, photo_);
    if (created.status != 201) throw std::runtime_error("upload failed: " + Describe(created));
    return StringAt(created.json(), "file_id");
  }

  static std::string Bytes(const std::string& id) { return "/api/v1/media/" + id; }
  static std::string Size() { return std::to_string(photo_.size()); }

  static inline std::string photo_;

 private:
  static inline std::unique_ptr<TempDir> samples_;
};

TEST_F(HttpMediaDownloads, TheWholeFileComesBackByteForByteWithItsHeaders) {
  ApiClient ana = NewUser();
  std::string id = UploadPhoto(ana);
  HttpResponse got = ana.get(Bytes(id));
  ASSERT_TRUE(HasStatus(got, 200));
  EXPECT_TRUE(got.body == photo_) << "the body differs from the uploaded bytes";
  EXPECT_EQ(got.header("Content-Type"), "image/jpeg");
  EXPECT_EQ(got.header("Content-Length"), Size());
  EXPECT_EQ(got.header("Accept-Ranges"), "bytes");
  EXPECT_EQ(got.header("ETag"), "\"" + Sha256Hex(photo_) + "\"");
  EXPECT_EQ(StringAt(ana.get(Bytes(id) + "/info").json(), "sha256"), Sha256Hex(photo_));
}

TEST_F(HttpMediaDownloads, AUnicodeFileNameIsEncodedSafelyInContentDisposition) {
  ApiClient ana = NewUser();
  std::string id = UploadPhoto(ana);
  EXPECT_EQ(StringAt(ana.get(Bytes(id) + "/info").json(), "original_filename"), kUnicodeName);
  std::string disposition = ana.get(Bytes(id)).header("Content-Disposition");
  // An ASCII fallback for old clients, then the exact name (RFC 6266, RFC 8187).
  EXPECT_EQ(disposition,
            "inline; filename=\"caf__ ___.jpg\"; filename*=UTF-8''caf%C3%A9%20%E2%98%95.jpg");
  for (char c : disposition) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "a raw byte " << int(static_cast<unsigned char>(c));
  }
  // A quote cannot end the quoted fallback early.
  HttpResponse quoted = Upload(ana, kPhotos, "say \"hi\".jpg", photo_ + std::string(1, '\0'));
  ASSERT_TRUE(HasStatus(quoted, 201));
  EXPECT_EQ(ana.get(Bytes(StringAt(quoted.json(), "file_id"))).header("Content-Disposition"),
            "inline; filename=\"say _hi_.jpg\"; filename*=UTF-8''say%20%22hi%22.jpg");
}

TEST_F(HttpMediaDownloads, RangesGiveTheRequestedBytesWith206) {
  ApiClient ana = NewUser();
  std::string id = UploadPhoto(ana);
  const auto size = static_cast<std::int64_t>(photo_.size());
  struct Case {
    std::string range;
    std::int64_t first;
    std::int64_t last;
  };
  const Case cases[] = {{"bytes=10-99", 10, 99},
                        {"bytes=100-", 100, size - 1},
                        {"bytes=-50", size - 50, size - 1},
                        {"bytes=0-0", 0, 0},
                        {"bytes=5-" + std::to_string(size + 1000), 5, size - 1}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.range);
    HttpResponse part = ana.get(Bytes(id), {{"Range", c.range}});
    ASSERT_TRUE(HasStatus(part, 206));
    EXPECT_EQ(part.header("Content-Range"),
              "bytes " + std::to_string(c.first) + "-" + std::to_string(c.last) + "/" + Size());
    EXPECT_EQ(part.header("Content-Length"), std::to_string(c.last - c.first + 1));
    EXPECT_TRUE(part.body == photo_.substr(c.first, c.last - c.first + 1));
  }
  HttpResponse past = ana.get(Bytes(id), {{"Range", "bytes=" + Size() + "-"}});
  EXPECT_TRUE(IsError(past, 416, "RANGE_NOT_SATISFIABLE"));
  EXPECT_EQ(past.header("Content-Range"), "bytes */" + Size());
  // Several ranges at once are answered with the whole file, as RFC 9110 allows.
  HttpResponse several = ana.get(Bytes(id), {{"Range", "bytes=0-1,5-9"}});
  ASSERT_TRUE(HasStatus(several, 200));
  EXPECT_TRUE(several.body == photo_);
}

TEST_F(HttpMediaDownloads, ConditionalRequestsUseTheEtag) {
  ApiClient ana = NewUser();
  std::string id = UploadPhoto(ana);
  std::string etag = ana.get(Bytes(id)).header("ETag");
  for (std::string header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    HttpResponse unchanged = ana.get(Bytes(id), {{"If-None-Match", header}});
    EXPECT_EQ(unchanged.status, 304) << header;
    EXPECT_TRUE(unchanged.body.empty()) << header;
    EXPECT_EQ(unchanged.header("ETag"), etag) << header;
  }
  HttpResponse changed = ana.get(Bytes(id), {{"If-None-Match", "\"other\""}});
  ASSERT_TRUE(HasStatus(changed, 200));
  EXPECT_TRUE(changed.body == photo_);
  // If-Range: the range only while the file is still the one the client has part of.
  HttpResponse same = ana.get(Bytes(id), {{"Range", "bytes=0-9"}, {"If-Range", etag}});
  EXPECT_EQ(same.status, 206);
  HttpResponse different = ana.get(Bytes(id), {{"Range", "bytes=0-9"}, {"If-Range", "\"old\""}});
  ASSERT_TRUE(HasStatus(different, 200));
  EXPECT_TRUE(different.body == photo_);
}

TEST_F(HttpMediaDownloads, HeadGivesTheHeadersWithoutTheBody) {
  ApiClient ana = NewUser();
  std::string id = UploadPhoto(ana);
  HttpResponse head = ana.send(http::verb::head, Bytes(id), {});
  ASSERT_TRUE(HasStatus(head, 200));
  EXPECT_EQ(head.header("Content-Length"), Size());
  EXPECT_EQ(head.header("Content-Type"), "image/jpeg");
  EXPECT_TRUE(head.body.empty());
  HttpResponse part = ana.send(http::verb::head, Bytes(id), {}, {{"Range", "bytes=0-9"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.header("Content-Length"), "10");
  // The connection is still in step: the next response is the next request's.
  HttpResponse got = ana.get(Bytes(id));
  ASSERT_TRUE(HasStatus(got, 200));
  EXPECT_TRUE(got.body == photo_);
}

TEST_F(HttpMediaDownloads, ASignedUrlWorksWithoutATokenAndOnlyUnaltered) {
  ApiClient ana = NewUser();
  std::string id = UploadPhoto(ana);
  HttpResponse made = ana.get(Bytes(id) + "/download-url?expiration=600");
  ASSERT_TRUE(HasStatus(made, 200));
  EXPECT_EQ(At(made.json(), "expires_in").to_number<int>(), 600);
  EXPECT_EQ(StringAt(made.json(), "file_info.id"), id);
  std::string url = StringAt(made.json(), "download_url");
  ASSERT_EQ(url.rfind("/api/v1/media/" + id + "/content?", 0), 0u) << url;

  ApiClient nobody = Anonymous();
  HttpResponse fetched = nobody.get(url);
  ASSERT_TRUE(HasStatus(fetched, 200));
  EXPECT_TRUE(fetched.body == photo_);
  EXPECT_EQ(nobody.get(url, {{"Range", "bytes=0-9"}}).body, photo_.substr(0, 10));

  auto altered = [&url](const std::string& name, auto change) {
    size_t start = url.find(name + "=") + name.size() + 1;
    size_t end = url.find('&', start);
    std::string value = url.substr(start, end == std::string::npos ? end : end - start);
    return url.substr(0, start) + change(value) + (end == std::string::npos ? "" : url.substr(end));
  };
  std::string bad_signature = altered("signature", [](std::string s) {
    s.back() = s.back() == '0' ? '1' : '0';
    return s;
  });
  // A later expiry is what a holder of an expired URL would try.
  std::string later = altered(
      "expires", [](const std::string& s) { return std::to_string(std::stoll(s) + 86400); });
  std::string no_signature = url.substr(0, url.find("&signature="));
  for (const std::string& bad : {bad_signature, later, no_signature}) {
    EXPECT_TRUE(IsError(nobody.get(bad), 404, "NOT_FOUND")) << bad;
  }
  // The URL names the owner: another user's id does not open it.
  ApiClient ben = NewUser();
  std::string bens_id = StringAt(ben.get("/api/v1/auth/me").json(), "id");
  std::string as_ben = altered("user", [&](const std::string&) { return bens_id; });
  EXPECT_TRUE(IsError(nobody.get(as_ben), 404, "NOT_FOUND"));
}

TEST_F(HttpMediaDownloads, ASignedUrlLivesFromAMinuteToADay) {
  ApiClient ana = NewUser();
  std::string id = UploadPhoto(ana);
  for (const char* bad : {"59", "86401", "0", "-60", "abc", "600.5"}) {
    EXPECT_TRUE(
        IsValidationErrorOn(ana.get(Bytes(id) + "/download-url?expiration=" + bad), {"expiration"}))
        << bad;
  }
  for (const char* good : {"60", "86400"}) {
    HttpResponse made = ana.get(Bytes(id) + "/download-url?expiration=" + good);
    ASSERT_TRUE(HasStatus(made, 200));
    EXPECT_EQ(std::to_string(At(made.json(), "expires_in").to_number<int>()), good);
  }
  HttpResponse default_ttl = ana.get(Bytes(id) + "/download-url");
  ASSERT_TRUE(HasStatus(default_ttl, 200));
  EXPECT_EQ(At(default_ttl.json(), "expires_in").to_number<int>(), 3600);
}

TEST_F(HttpMediaDownloads, AnotherUsersMediaIsMissingOnEveryRoute) {
  ApiClient ana = NewUser();
  std::string id = UploadPhoto(ana);
  ApiClient ben = NewUser();
  for (const std::string& target : {Bytes(id), Bytes(id) + "/info", Bytes(id) + "/download-url"}) {
    EXPECT_TRUE(IsError(ben.get(target), 404, "NOT_FOUND")) << target;
  }
  EXPECT_EQ(ben.send(http::verb::head, Bytes(id), {}).status, 404);
  EXPECT_TRUE(IsError(ben.del(Bytes(id)), 404, "NOT_FOUND"));
  EXPECT_EQ(MediaTotal(ben), 0);
  // Still Ana's, untouched.
  HttpResponse still = ana.get(Bytes(id));
  ASSERT_TRUE(HasStatus(still, 200));
  EXPECT_TRUE(still.body == photo_);
  EXPECT_EQ(MediaTotal(ana), 1);
  // Ids that name nothing, or are not ids, are missing too.
  EXPECT_TRUE(IsError(ana.get(Bytes("00000000-0000-4000-8000-000000000000")), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana.get(Bytes("..%2F..%2Fchronotrail.db")), 404, "NOT_FOUND"));
}

TEST_F(HttpMediaDownloads, DeleteRemovesTheRecordAtOnceAndTheBytesSoonAfter) {
  ApiClient ana = NewUser();
  std::string id = UploadPhoto(ana);
  HttpResponse url = ana.get(Bytes(id) + "/download-url");
  ASSERT_TRUE(HasStatus(url, 200));
  ASSERT_FALSE(StoredFiles(server().data_dir(), id).empty()) << "where are the bytes kept?";

  HttpResponse deleted = ana.del(Bytes(id));
  ASSERT_EQ(deleted.status, 204) << Describe(deleted);
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_TRUE(IsError(ana.get(Bytes(id) + "/info"), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana.get(Bytes(id)), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(Anonymous().get(StringAt(url.json(), "download_url")), 404, "NOT_FOUND"));
  EXPECT_TRUE(IsError(ana.del(Bytes(id)), 404, "NOT_FOUND"));
  EXPECT_EQ(MediaTotal(ana), 0);

  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!StoredFiles(server().data_dir(), id).empty() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(StoredFiles(server().data_dir(), id).empty()) << "the bytes are still on disk";
  // The same bytes may be uploaded again: a new record, not the deleted one.
  HttpResponse again = Upload(ana, kPhotos, "again.jpg", photo_);
  ASSERT_TRUE(HasStatus(again, 201));
  EXPECT_NE(StringAt(again.json(), "file_id"), id);
}

}  // namespace
}  // namespace chronotrail::testing
