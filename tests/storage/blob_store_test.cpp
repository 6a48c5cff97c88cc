// The BlobStore contract, run against local disk and against S3 (an S3-protocol server that
// checks every signature), plus what only S3 has: multipart uploads, presigned URLs and refusal
// of wrong keys.
#include "storage/blob/blob_store.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "aws/credentials.h"
#include "core/digest.h"
#include "core/error.h"
#include "net/http_fetch.h"
#include "storage/blob/local_blob_store.h"
#include "storage/blob/s3_blob_store.h"
#include "support/s3_test_server.h"
#include "support/temp_dir.h"

namespace chronotrail {
namespace {

using testing::S3TestServer;

constexpr std::int64_t kPartSize = 5 * 1024 * 1024;

std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xff);
  return bytes;
}

// A source that hands out `data` in uneven pieces, as a network body would arrive.
BlobSource SourceOf(const std::string& data) {
  auto offset = std::make_shared<size_t>(0);
  auto turn = std::make_shared<size_t>(0);
  return [&data, offset, turn](char* buffer, size_t capacity) {
    size_t piece = std::min({capacity, data.size() - *offset, size_t{1000} + (*turn)++ * 7919});
    std::copy_n(data.data() + *offset, piece, buffer);
    *offset += piece;
    return piece;
  };
}

struct Download {
  std::string bytes;
  BlobRead read;
};

Download GetAll(BlobStore& store, const std::string& key,
                const std::optional<ByteRange>& range = std::nullopt) {
  Download d;
  d.read = store.Get(key, range, [&d](std::string_view piece) {
    d.bytes.append(piece);
    return true;
  });
  return d;
}

ErrorKind KindOfError(const std::function<void()>& action) {
  try {
    action();
  } catch (const ApiError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no ApiError thrown";
  return ErrorKind::kInternal;
}

enum class Backend { kLocal, kS3 };

class BlobStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kLocal) {
      store_ = std::make_unique<LocalBlobStore>(dir_.path() / "media");
      return;
    }
    s3_ = std::make_unique<S3TestServer>();
    store_ = MakeS3Store(S3TestServer::kSecretAccessKey);
  }

  std::unique_ptr<S3BlobStore> MakeS3Store(const std::string& secret) {
    S3Settings settings;
    settings.bucket = s3_->bucket();
    settings.endpoint_url = s3_->endpoint_url();
    settings.part_size = kPartSize;
    return std::make_unique<S3BlobStore>(
        settings, std::make_shared<aws::StaticCredentialProvider>(
                      aws::Credentials{S3TestServer::kAccessKeyId, secret, ""}));
  }

  StoredBlob Put(const std::string& key, const std::string& data) {
    return store_->Put(key, static_cast<std::int64_t>(data.size()), SourceOf(data));
  }

  testing::TempDir dir_;
  std::unique_ptr<S3TestServer> s3_;
  std::unique_ptr<BlobStore> store_;
  const std::string key_ = BlobKey("user-1", kPhotosKind, "file-1.jpg");
};

TEST_P(BlobStoreTest, RoundTripGivesBackTheBytesWithTheirSizeAndSha256) {
  const std::string data = RandomBytes(300 * 1024 + 17, 1);
  StoredBlob stored = Put(key_, data);
  EXPECT_EQ(stored.size, static_cast<std::int64_t>(data.size()));
  EXPECT_EQ(stored.sha256_hex, Sha256Hex(data));

  Download d = GetAll(*store_, key_);
  EXPECT_TRUE(d.bytes == data);
  EXPECT_EQ(d.read.total_size, static_cast<std::int64_t>(data.size()));
  EXPECT_EQ(d.read.first, 0);
  EXPECT_EQ(d.read.last, static_cast<std::int64_t>(data.size()) - 1);
  EXPECT_EQ(store_->Size(key_), static_cast<std::int64_t>(data.size()));
}

TEST_P(BlobStoreTest, EmptyObjectRoundTrips) {
  StoredBlob stored = Put(key_, "");
  EXPECT_EQ(stored.size, 0);
  EXPECT_EQ(stored.sha256_hex, Sha256Hex(""));
  Download d = GetAll(*store_, key_);
  EXPECT_EQ(d.bytes, "");
  EXPECT_EQ(d.read.total_size, 0);
  EXPECT_EQ(store_->Size(key_), 0);
}

TEST_P(BlobStoreTest, PutReplacesTheObject) {
  Put(key_, std::string(1000, 'a'));
  Put(key_, std::string(10, 'b'));
  EXPECT_EQ(GetAll(*store_, key_).bytes, std::string(10, 'b'));
}

TEST_P(BlobStoreTest, ObjectLargerThanAPartRoundTripsThroughMultipart) {
  // 12 MiB and a bit: parts of 5, 5 and ~2 MiB on S3.
  const std::string data = RandomBytes(12 * 1024 * 1024 + 123, 2);
  StoredBlob stored = Put(key_, data);
  EXPECT_EQ(stored.size, static_cast<std::int64_t>(data.size()));
  EXPECT_EQ(stored.sha256_hex, Sha256Hex(data));
  Download d = GetAll(*store_, key_);
  EXPECT_EQ(d.bytes.size(), data.size());
  EXPECT_TRUE(d.bytes == data);
  // A range across the boundary of the first two parts.
  Download across = GetAll(*store_, key_, ByteRange{kPartSize - 3, kPartSize + 2});
  EXPECT_EQ(across.bytes, data.substr(kPartSize - 3, 6));
}

TEST_P(BlobStoreTest, RangedReadsGiveExactlyTheAskedBytes) {
  const std::string data = RandomBytes(1000, 3);
  Put(key_, data);

  Download first = GetAll(*store_, key_, ByteRange{0, 0});
  EXPECT_EQ(first.bytes, data.substr(0, 1));
  EXPECT_EQ(first.read.total_size, 1000);
  EXPECT_EQ(first.read.first, 0);
  EXPECT_EQ(first.read.last, 0);

  Download middle = GetAll(*store_, key_, ByteRange{100, 199});
  EXPECT_EQ(middle.bytes, data.substr(100, 100));
  EXPECT_EQ(middle.read.first, 100);
  EXPECT_EQ(middle.read.last, 199);

  Download last = GetAll(*store_, key_, ByteRange{999, 999});
  EXPECT_EQ(last.bytes, data.substr(999, 1));
  EXPECT_EQ(last.read.last, 999);

  Download open_ended = GetAll(*store_, key_, ByteRange{990, std::nullopt});
  EXPECT_EQ(open_ended.bytes, data.substr(990));
  EXPECT_EQ(open_ended.read.last, 999);

  // A last byte past the end means "to the end", as in HTTP.
  Download clamped = GetAll(*store_, key_, ByteRange{995, 5000});
  EXPECT_EQ(clamped.bytes, data.substr(995));
  EXPECT_EQ(clamped.read.last, 999);
}

TEST_P(BlobStoreTest, RangeStartingPastTheEndIsNotSatisfiable) {
  Put(key_, RandomBytes(1000, 4));
  EXPECT_EQ(KindOfError([&] {
              GetAll(*store_, key_, ByteRange{1000, 1005});
            }),
            ErrorKind::kRangeNotSatisfiable);
  EXPECT_EQ(KindOfError([&] {
              GetAll(*store_, key_, ByteRange{5000, std::nullopt});
            }),
            ErrorKind::kRangeNotSatisfiable);
  EXPECT_EQ(KindOfError([&] {
              GetAll(*store_, key_, ByteRange{10, 5});
            }),
            ErrorKind::kRangeNotSatisfiable);
}

TEST_P(BlobStoreTest, DeletedObjectIsNotFoundAndDeletingAgainSucceeds) {
  Put(key_, "voice");
  store_->Delete(key_);
  EXPECT_EQ(KindOfError([&] { GetAll(*store_, key_); }), ErrorKind::kNotFound);
  EXPECT_EQ(store_->Size(key_), std::nullopt);
  EXPECT_NO_THROW(store_->Delete(key_));
}

TEST_P(BlobStoreTest, MissingObjectIsNotFound) {
  EXPECT_EQ(KindOfError([&] { GetAll(*store_, BlobKey("nobody", kVoiceNotesKind, "x")); }),
            ErrorKind::kNotFound);
  EXPECT_EQ(store_->Size(BlobKey("nobody", kVoiceNotesKind, "x")), std::nullopt);
}

TEST_P(BlobStoreTest, UploadShorterOrLongerThanAnnouncedStoresNothing) {
  const std::string data = RandomBytes(2000, 5);
  EXPECT_EQ(KindOfError([&] { store_->Put(key_, 3000, SourceOf(data)); }), ErrorKind::kBadRequest);
  EXPECT_EQ(KindOfError([&] { store_->Put(key_, 1000, SourceOf(data)); }), ErrorKind::kBadRequest);
  EXPECT_EQ(store_->Size(key_), std::nullopt);
  // The same through a multipart upload that runs dry in its second part.
  const std::string big = RandomBytes(kPartSize + 1000, 6);
  EXPECT_EQ(KindOfError([&] { store_->Put(key_, 2 * kPartSize + 10, SourceOf(big)); }),
            ErrorKind::kBadRequest);
  EXPECT_EQ(store_->Size(key_), std::nullopt);
}

TEST_P(BlobStoreTest, KeysBlobKeyCannotMakeAreRefused) {
  for (const char* key : {"../outside", "users/a/photos/../../b/photos/c", "users/a/photos",
                          "/users/a/photos/b", "users/a/photos/b/c", "users//photos/b"}) {
    SCOPED_TRACE(key);
    EXPECT_EQ(KindOfError([&] { store_->Put(key, 1, SourceOf("x")); }), ErrorKind::kBadRequest);
    EXPECT_EQ(KindOfError([&] { GetAll(*store_, key); }), ErrorKind::kBadRequest);
    EXPECT_EQ(KindOfError([&] { store_->Delete(key); }), ErrorKind::kBadRequest);
  }
}

TEST_P(BlobStoreTest, PresignedUrlServesTheObjectToAPlainHttpClient) {
  const std::string data = RandomBytes(4321, 7);
  Put(key_, data);
  std::optional<std::string> url = store_->PresignedGetUrl(key_, std::chrono::minutes(5));
  if (GetParam() == Backend::kLocal) {
    EXPECT_EQ(url, std::nullopt);  // the server streams local media itself
    return;
  }
  ASSERT_TRUE(url.has_value());
  net::HttpRequest get;
  get.url = *url;
  net::HttpResponse response = net::HttpFetch(get);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.body == data);

  // The signature covers the key: the same query on another object is refused.
  const std::string other = BlobKey("user-2", kPhotosKind, "file-1.jpg");
  Put(other, "secret of user 2");
  get.url = *url;
  get.url.replace(get.url.find("user-1"), 6, "user-2");
  EXPECT_EQ(net::HttpFetch(get).status, 403);
}

TEST_P(BlobStoreTest, ListFindsEveryObjectWithItsSizeAndTime) {
  const auto before = std::chrono::system_clock::now() - std::chrono::minutes(2);
  const std::string other = BlobKey("user-2", kVoiceNotesKind, "v.ogg");
  Put(key_, "12345");
  Put(other, "");
  std::map<std::string, ListedBlob> listed;
  store_->List([&](const ListedBlob& blob) { listed[blob.key] = blob; });
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[key_].size, 5);
  EXPECT_EQ(listed[other].size, 0);
  EXPECT_GT(listed[key_].modified, before);
  EXPECT_LT(listed[key_].modified, std::chrono::system_clock::now() + std::chrono::minutes(2));

  store_->Delete(key_);
  listed.clear();
  store_->List([&](const ListedBlob& blob) { listed[blob.key] = blob; });
  EXPECT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed.count(other), 1u);
}

TEST_P(BlobStoreTest, ListPagesThroughMoreObjectsThanOnePage) {
  if (GetParam() == Backend::kLocal) GTEST_SKIP() << "local disk has no pages";
  std::set<std::string> put;
  for (int i = 0; i < 1005; ++i) {  // S3 answers 1000 keys per page
    char name[16];  // not "p" + std::to_string(i): GCC 12 warns falsely (stringop-overflow)
    std::snprintf(name, sizeof name, "p%04d", i);
    std::string key = BlobKey("user-3", kPhotosKind, name);
    Put(key, "x");
    put.insert(key);
  }
  std::set<std::string> listed;
  store_->List([&](const ListedBlob& blob) { listed.insert(blob.key); });
  EXPECT_EQ(listed, put);
}

INSTANTIATE_TEST_SUITE_P(BlobStore, BlobStoreTest, ::testing::Values(Backend::kLocal, Backend::kS3),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kLocal ? "LocalDisk" : "S3";
                         });

TEST(BlobStoreKeyTest, KeysAreOnePathPerUserKindAndFile) {
  EXPECT_EQ(BlobKey("3f2a-b_C.9", kPhotosKind, "f.jpg"), "users/3f2a-b_C.9/photos/f.jpg");
  EXPECT_EQ(BlobKey("u", kVoiceNotesKind, "v"), "users/u/voice_notes/v");
  EXPECT_TRUE(IsValidBlobKey("users/u/photos/f"));
}

TEST(BlobStoreKeyTest, TraversalAndForeignCharactersAreRejected) {
  const std::vector<std::string> bad_components = {"",
                                                   ".",
                                                   "..",
                                                   "a/b",
                                                   "../u2",
                                                   "a..b",
                                                   "a b",
                                                   "a\\b",
                                                   "\xC3\xA9",
                                                   "a%2Fb",
                                                   "a\nb",
                                                   std::string(129, 'a'),
                                                   std::string("a\0b", 3)};
  for (const std::string& bad : bad_components) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(KindOfError([&] { BlobKey(bad, kPhotosKind, "f"); }), ErrorKind::kBadRequest);
    EXPECT_EQ(KindOfError([&] { BlobKey("u", bad, "f"); }), ErrorKind::kBadRequest);
    EXPECT_EQ(KindOfError([&] { BlobKey("u", kPhotosKind, bad); }), ErrorKind::kBadRequest);
  }
  EXPECT_NO_THROW(BlobKey(std::string(128, 'a'), kPhotosKind, "f"));
}

class BlobStoreS3Test : public ::testing::Test {
 protected:
  std::unique_ptr<S3BlobStore> StoreWith(const std::string& key_id, const std::string& secret) {
    S3Settings settings;
    settings.bucket = s3_.bucket();
    settings.endpoint_url = s3_.endpoint_url();
    return std::make_unique<S3BlobStore>(settings, std::make_shared<aws::StaticCredentialProvider>(
                                                       aws::Credentials{key_id, secret, ""}));
  }

  S3TestServer s3_;
  const std::string key_ = BlobKey("user-1", kPhotosKind, "f");
};

TEST_F(BlobStoreS3Test, WrongSecretIsRefusedAsAMisconfiguredServer) {
  auto store = StoreWith(S3TestServer::kAccessKeyId, "not-the-secret");
  try {
    store->Put(key_, 5, SourceOf("hello"));
    FAIL() << "a wrong secret was accepted";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    EXPECT_NE(std::string(e.what()).find("SignatureDoesNotMatch"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("not-the-secret"), std::string::npos);
  }
  // Nothing was stored: the right keys find no object.
  EXPECT_EQ(StoreWith(S3TestServer::kAccessKeyId, S3TestServer::kSecretAccessKey)->Size(key_),
            std::nullopt);
}

TEST_F(BlobStoreS3Test, UnknownAccessKeyIsRefusedAsAMisconfiguredServer) {
  auto store = StoreWith("AKIDUNKNOWN", S3TestServer::kSecretAccessKey);
  try {
    GetAll(*store, key_);
    FAIL() << "an unknown key was accepted";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnavailable);
    EXPECT_NE(std::string(e.what()).find("InvalidAccessKeyId"), std::string::npos) << e.what();
  }
}

TEST_F(BlobStoreS3Test, MissingBucketIsAMisconfiguredServer) {
  S3Settings settings;
  settings.bucket = "no-such-bucket";
  settings.endpoint_url = s3_.endpoint_url();
  S3BlobStore store(settings, std::make_shared<aws::StaticCredentialProvider>(aws::Credentials{
                                  S3TestServer::kAccessKeyId, S3TestServer::kSecretAccessKey, ""}));
  EXPECT_EQ(KindOfError([&] { store.Put(key_, 1, SourceOf("x")); }), ErrorKind::kUnavailable);
}

TEST(BlobStoreS3SettingsTest, BadSettingsAreRefusedAtConstruction) {
  auto keys = std::make_shared<aws::StaticCredentialProvider>(aws::Credentials{"a", "b", ""});
  S3Settings no_bucket;
  EXPECT_EQ(KindOfError([&] { S3BlobStore store(no_bucket, keys); }), ErrorKind::kUnavailable);
  S3Settings small_parts;
  small_parts.bucket = "b";
  small_parts.part_size = 1024 * 1024;
  EXPECT_EQ(KindOfError([&] { S3BlobStore store(small_parts, keys); }), ErrorKind::kUnavailable);
  S3Settings bad_endpoint;
  bad_endpoint.bucket = "b";
  bad_endpoint.endpoint_url = "ftp://example.com";
  EXPECT_EQ(KindOfError([&] { S3BlobStore store(bad_endpoint, keys); }), ErrorKind::kUnavailable);
}

TEST(BlobStoreS3SettingsTest, WithoutAnEndpointUrlsAreVirtualHostedOnAws) {
  S3Settings settings;
  settings.bucket = "media-bucket";
  settings.region = "eu-west-1";
  S3BlobStore store(settings, std::make_shared<aws::StaticCredentialProvider>(
                                  aws::Credentials{"AKID", "secret", "session"}));
  std::optional<std::string> url =
      store.PresignedGetUrl(BlobKey("u", kPhotosKind, "f"), std::chrono::hours(1));
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->rfind("https://media-bucket.s3.eu-west-1.amazonaws.com/users/u/photos/f?", 0), 0u)
      << *url;
  EXPECT_NE(url->find("X-Amz-Credential=AKID%2F"), std::string::npos);
  EXPECT_NE(url->find("%2Feu-west-1%2Fs3%2Faws4_request"), std::string::npos);
  EXPECT_NE(url->find("X-Amz-Expires=3600"), std::string::npos);
  EXPECT_NE(url->find("X-Amz-Security-Token=session"), std::string::npos);
  EXPECT_EQ(url->find("secret"), std::string::npos);
}

}  // namespace
}  // namespace chronotrail
