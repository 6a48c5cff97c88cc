// S3BlobStore: media bytes as objects in one S3 bucket (or an S3-compatible store).
//
// Addressing: with an endpoint (S3_ENDPOINT_URL, e.g. MinIO) requests go path-style to
// ENDPOINT/BUCKET/KEY; without one, virtual-hosted to https://BUCKET.s3.REGION.amazonaws.com/KEY.
// Every request is signed with SigV4 (aws/sigv4.h) using keys from a CredentialProvider, and
// carries x-amz-content-sha256 with the hash of its body, which S3 checks against what arrives.
//
// Uploads: an object up to one part (part_size, default 8 MiB) is one PutObject. A larger one is a
// multipart upload (CreateMultipartUpload, UploadPart per part, CompleteMultipartUpload); any
// failure aborts it (AbortMultipartUpload) so no parts linger and are billed. Only one part is in
// memory at a time: its hash must be known before it is sent.
//
// Errors: besides BlobStore's, S3 refusing our signature or key (403 SignatureDoesNotMatch,
// InvalidAccessKeyId, AccessDenied...) or a missing bucket is kUnavailable with a message naming
// S3's error code: the server is misconfigured, not the client wrong.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials.h"
#include "core/error.h"
#include "net/http_fetch.h"
#include "storage/blob/blob_store.h"

namespace chronotrail {

struct S3Settings {
  std::string bucket;
  std::string region = "us-east-1";
  std::string endpoint_url;                  // empty: AWS, virtual-hosted; else path-style
  std::int64_t part_size = 8 * 1024 * 1024;  // S3 needs at least 5 MiB for all but the last part
  int timeout_ms = 120000;                   // for one request (one part, or one whole GET)
};

class S3BlobStore : public BlobStore {
 public:
  // Throws ApiError(kUnavailable) when the settings cannot work (no bucket, a bad endpoint URL,
  // a part size under 5 MiB).
  S3BlobStore(S3Settings settings, std::shared_ptr<aws::CredentialProvider> credentials,
              const Clock& clock = SystemClock::Instance());

  StoredBlob Put(const std::string& key, std::int64_t length, const BlobSource& source) override;
  BlobRead Get(const std::string& key, const std::optional<ByteRange>& range,
               const BlobSink& sink) override;
  void Delete(const std::string& key) override;
  void List(const std::function<void(const ListedBlob&)>& visit) override;
  std::optional<std::int64_t> Size(const std::string& key) override;
  std::optional<std::string> PresignedGetUrl(const std::string& key,
                                             std::chrono::seconds ttl) override;

 private:
  using Query = std::vector<std::pair<std::string, std::string>>;

  // Builds, signs and sends one request for `key`'s object (or the bucket when `key` is empty).
  net::HttpResponse Send(const std::string& method, const std::string& key, const Query& query,
                         net::Headers headers, std::string_view body,
                         const net::BodySink& sink = {},
                         const net::HeadCallback& on_head = {}) const;
  std::string PathOf(const std::string& key) const;
  std::string UrlOf(const std::string& path, const std::string& query) const;

  StoredBlob PutMultipart(const std::string& key, std::int64_t length, const BlobSource& source,
                          std::string first_part);
  std::string CreateMultipartUpload(const std::string& key) const;
  void AbortMultipartUpload(const std::string& key, const std::string& upload_id) const;

  const S3Settings settings_;
  const std::shared_ptr<aws::CredentialProvider> credentials_;
  const Clock& clock_;
  std::string scheme_;     // "https" or "http"
  std::string host_;       // the Host header: host[:port]
  std::string base_path_;  // the endpoint's own path prefix ("" or "/prefix")
  bool path_style_ = false;
};

// The error an S3 answer stands for: kNotFound for NoSuchKey, kRangeNotSatisfiable for 416,
// kUnavailable (naming S3's code) for everything else. `what` names the operation.
ApiError S3Error(const net::HttpResponse& response, const std::string& what);

}  // namespace chronotrail
