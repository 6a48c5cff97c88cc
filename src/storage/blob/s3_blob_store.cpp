#include "storage/blob/s3_blob_store.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <charconv>
#include <exception>

#include "aws/sigv4.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/log.h"
#include "core/time.h"
#include "storage/blob/s3_xml.h"

namespace chronotrail {
namespace {

constexpr std::int64_t kMinPartSize = 5 * 1024 * 1024;
constexpr long kMaxPresignSeconds = 604800;  // S3's limit: seven days

void CheckKey(const std::string& key) {
  if (!IsValidBlobKey(key)) throw ApiError(ErrorKind::kBadRequest, "Invalid media key");
}

[[noreturn]] void ThrowSizeMismatch(std::int64_t announced) {
  throw ApiError(ErrorKind::kBadRequest, "Upload size does not match its announced " +
                                             std::to_string(announced) + " bytes");
}

// Fills `part` with up to `want` bytes from `source`, reusing its memory.
void ReadPart(const BlobSource& source, std::int64_t want, std::string& part) {
  part.resize(static_cast<size_t>(want));
  size_t filled = 0;
  while (filled < part.size()) {
    size_t n = source(part.data() + filled, part.size() - filled);
    if (n == 0) break;
    filled += n;
  }
  part.resize(filled);
}

bool SourceIsExhausted(const BlobSource& source) {
  char extra = 0;
  return source(&extra, 1) == 0;
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "bytes FIRST-LAST/TOTAL" of a 206 answer.
std::optional<BlobRead> ParseContentRange(std::string_view value) {
  constexpr std::string_view kUnit = "bytes ";
  if (value.substr(0, kUnit.size()) != kUnit) return std::nullopt;
  value.remove_prefix(kUnit.size());
  size_t dash = value.find('-');
  size_t slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
    return std::nullopt;
  }
  auto first = ParseInt(value.substr(0, dash));
  auto last = ParseInt(value.substr(dash + 1, slash - dash - 1));
  auto total = ParseInt(value.substr(slash + 1));
  if (!first || !last || !total) return std::nullopt;
  return BlobRead{*total, *first, *last};
}

}  // namespace

ApiError S3Error(const net::HttpResponse& response, const std::string& what) {
  // Only S3's error code is quoted: its Message may echo parts of the request.
  const std::string code = s3xml::ElementText(response.body, "Code").value_or("");
  if (code == "NoSuchKey" || (response.status == 404 && code.empty())) {
    return ApiError::NotFound("Media");
  }
  if (response.status == 416 || code == "InvalidRange") {
    return ApiError(ErrorKind::kRangeNotSatisfiable, "Byte range outside the stored media");
  }
  const std::string named = code.empty() ? "HTTP " + std::to_string(response.status)
                                         : code + " (HTTP " + std::to_string(response.status) + ")";
  if (response.status == 403 || code == "NoSuchBucket") {
    return ApiError(ErrorKind::kUnavailable,
                    "S3 refused to " + what + ": " + named +
                        "; check the AWS credentials, S3_BUCKET_NAME and AWS_REGION");
  }
  return ApiError(ErrorKind::kUnavailable, "S3 could not " + what + ": " + named);
}

S3BlobStore::S3BlobStore(S3Settings settings, std::shared_ptr<aws::CredentialProvider> credentials,
                         const Clock& clock)
    : settings_(std::move(settings)), credentials_(std::move(credentials)), clock_(clock) {
  if (settings_.bucket.empty()) throw ApiError(ErrorKind::kUnavailable, "S3 needs a bucket name");
  if (settings_.part_size < kMinPartSize) {
    throw ApiError(ErrorKind::kUnavailable, "S3 part size must be at least 5 MiB");
  }
  if (settings_.endpoint_url.empty()) {
    scheme_ = "https";
    host_ = settings_.bucket + ".s3." + settings_.region + ".amazonaws.com";
    return;
  }
  auto endpoint = boost::urls::parse_uri(settings_.endpoint_url);
  if (!endpoint || (endpoint->scheme() != "http" && endpoint->scheme() != "https") ||
      endpoint->encoded_host().empty()) {
    throw ApiError(ErrorKind::kUnavailable, "S3_ENDPOINT_URL is not an http(s) URL");
  }
  scheme_ = std::string(endpoint->scheme());
  host_ = std::string(endpoint->encoded_host_and_port());
  base_path_ = std::string(endpoint->encoded_path());
  while (!base_path_.empty() && base_path_.back() == '/') base_path_.pop_back();
  path_style_ = true;
}

std::string S3BlobStore::PathOf(const std::string& key) const {
  // No key: the bucket itself (listings), which path-style names without a trailing slash.
  if (key.empty())
    return base_path_ + aws::UriEncodePath(path_style_ ? "/" + settings_.bucket : "/");
  std::string raw = path_style_ ? "/" + settings_.bucket + "/" + key : "/" + key;
  return base_path_ + aws::UriEncodePath(raw);
}

std::string S3BlobStore::UrlOf(const std::string& path, const std::string& query) const {
  std::string url = scheme_ + "://" + host_ + path;
  if (!query.empty()) url.append("?").append(query);
  return url;
}

net::HttpResponse S3BlobStore::Send(const std::string& method, const std::string& key,
                                    const Query& query, net::Headers headers, std::string_view body,
                                    const net::BodySink& sink,
                                    const net::HeadCallback& on_head) const {
  aws::RequestToSign to_sign;
  to_sign.method = method;
  to_sign.host = host_;
  to_sign.path = PathOf(key);
  to_sign.query = query;
  to_sign.payload_hash = Sha256Hex(body);
  headers.emplace_back("x-amz-content-sha256", to_sign.payload_hash);
  to_sign.headers = headers;
  const aws::SigningScope scope{settings_.region, "s3", aws::PathRule::kAsSent};
  aws::HeaderSignature signature =
      aws::SignWithHeaders(credentials_->Get(), scope, to_sign, clock_.Now());

  net::HttpRequest request;
  request.method = method;
  request.url = UrlOf(to_sign.path, aws::CanonicalQuery(query));
  request.timeout_ms = settings_.timeout_ms;
  request.headers.emplace_back("Host", host_);
  request.headers.insert(request.headers.end(), headers.begin(), headers.end());
  request.headers.insert(request.headers.end(), signature.headers.begin(), signature.headers.end());
  // The body is streamed from the caller's buffer rather than copied into the request.
  std::string_view remaining = body;
  if (!body.empty()) {
    request.body_length = static_cast<std::int64_t>(body.size());
    request.body_source = [&remaining](char* buffer, size_t capacity) {
      size_t n = std::min(capacity, remaining.size());
      std::copy_n(remaining.data(), n, buffer);
      remaining.remove_prefix(n);
      return n;
    };
  }
  return net::HttpFetch(request, sink, on_head);
}

StoredBlob S3BlobStore::Put(const std::string& key, std::int64_t length, const BlobSource& source) {
  CheckKey(key);
  if (length < 0) ThrowSizeMismatch(length);
  std::string part;
  ReadPart(source, std::min(length, settings_.part_size), part);
  if (length > settings_.part_size) return PutMultipart(key, length, source, std::move(part));

  if (static_cast<std::int64_t>(part.size()) != length || !SourceIsExhausted(source)) {
    ThrowSizeMismatch(length);
  }
  net::HttpResponse response = Send("PUT", key, {}, {}, part);
  if (response.status != 200) throw S3Error(response, "store media");
  return StoredBlob{length, Sha256Hex(part)};
}

std::string S3BlobStore::CreateMultipartUpload(const std::string& key) const {
  net::HttpResponse response = Send("POST", key, {{"uploads", ""}}, {}, {});
  if (response.status != 200) throw S3Error(response, "start a multipart upload");
  std::optional<std::string> upload_id = s3xml::ElementText(response.body, "UploadId");
  if (!upload_id || upload_id->empty()) {
    throw ApiError(ErrorKind::kUnavailable, "S3 started a multipart upload without an UploadId");
  }
  return *upload_id;
}

void S3BlobStore::AbortMultipartUpload(const std::string& key, const std::string& upload_id) const {
  try {
    net::HttpResponse response = Send("DELETE", key, {{"uploadId", upload_id}}, {}, {});
    if (response.status / 100 == 2 || response.status == 404) return;
    Log(LogLevel::kWarn, "s3_abort_failed", {{"status", response.status}});
  } catch (const std::exception& e) {
    // Already failing: the first error is the one to report. A bucket lifecycle rule should
    // remove incomplete uploads that could not be aborted.
    Log(LogLevel::kWarn, "s3_abort_failed", {{"reason", e.what()}});
  }
}

StoredBlob S3BlobStore::PutMultipart(const std::string& key, std::int64_t length,
                                     const BlobSource& source, std::string part) {
  const std::string upload_id = CreateMultipartUpload(key);
  try {
    Sha256 whole;
    std::string completion = "<CompleteMultipartUpload>";
    std::int64_t sent = 0;
    for (int number = 1; sent < length; ++number) {
      if (number > 1) ReadPart(source, std::min(settings_.part_size, length - sent), part);
      if (static_cast<std::int64_t>(part.size()) != std::min(settings_.part_size, length - sent)) {
        ThrowSizeMismatch(length);
      }
      whole.Update(part);
      const std::string part_number = std::to_string(number);
      net::HttpResponse response =
          Send("PUT", key, {{"partNumber", part_number}, {"uploadId", upload_id}}, {}, part);
      std::optional<std::string> etag = response.Header("etag");
      if (response.status != 200) throw S3Error(response, "store a media part");
      if (!etag) throw ApiError(ErrorKind::kUnavailable, "S3 stored a part without an ETag");
      completion += "<Part><PartNumber>" + part_number + "</PartNumber><ETag>" +
                    s3xml::Escape(*etag) + "</ETag></Part>";
      sent += static_cast<std::int64_t>(part.size());
    }
    if (!SourceIsExhausted(source)) ThrowSizeMismatch(length);
    completion += "</CompleteMultipartUpload>";
    part.clear();
    part.shrink_to_fit();

    net::HttpResponse response = Send("POST", key, {{"uploadId", upload_id}},
                                      {{"Content-Type", "application/xml"}}, completion);
    // S3 may answer 200 and still fail: the error is then in the body.
    if (response.status != 200 || s3xml::ElementText(response.body, "Code")) {
      throw S3Error(response, "complete a multipart upload");
    }
    return StoredBlob{length, whole.FinishHex()};
  } catch (...) {
    AbortMultipartUpload(key, upload_id);
    throw;
  }
}

BlobRead S3BlobStore::Get(const std::string& key, const std::optional<ByteRange>& range,
                          const BlobSink& sink) {
  CheckKey(key);
  net::Headers headers;
  if (range) {
    if (range->first < 0 || (range->last && *range->last < range->first)) {
      throw ApiError(ErrorKind::kRangeNotSatisfiable, "Invalid byte range");
    }
    std::string value = "bytes=" + std::to_string(range->first) + "-";
    if (range->last) value += std::to_string(*range->last);
    headers.emplace_back("Range", value);
  }

  // What the caller gets is decided from the answer's head: exactly the range asked, even from a
  // server that sends more (one that ignores Range and answers 200, or a test server that
  // widens "bytes=0-0"). Nothing may throw inside libcurl, so failures are kept for later.
  std::optional<BlobRead> answer;
  std::int64_t skip = 0;       // bytes of the body before the first one asked for
  std::int64_t remaining = 0;  // bytes still to hand to the sink
  std::exception_ptr failure;
  bool unexpected_range = false;
  auto on_head = [&](const net::HttpResponse& head) {
    std::optional<BlobRead> sent;
    if (head.status == 206) {
      sent = ParseContentRange(head.Header("content-range").value_or(""));
    } else if (auto size = ParseInt(head.Header("content-length").value_or(""))) {
      sent = BlobRead{*size, 0, *size - 1};
    }
    if (!sent) return;
    try {
      BlobRead wanted = ResolveRange(sent->total_size, range);
      if (sent->first > wanted.first || sent->last < wanted.last) return;  // less than asked
      answer = wanted;
      skip = wanted.first - sent->first;
      remaining = wanted.last - wanted.first + 1;
    } catch (...) {
      failure = std::current_exception();
    }
  };
  auto clip = [&](std::string_view piece) {
    if (!answer) {
      unexpected_range = true;
      return false;
    }
    std::int64_t drop = std::min<std::int64_t>(skip, static_cast<std::int64_t>(piece.size()));
    piece.remove_prefix(static_cast<size_t>(drop));
    skip -= drop;
    piece = piece.substr(0, static_cast<size_t>(std::min<std::int64_t>(remaining, piece.size())));
    remaining -= static_cast<std::int64_t>(piece.size());
    if (piece.empty()) return true;
    try {
      return sink(piece);
    } catch (...) {
      failure = std::current_exception();
      return false;
    }
  };

  net::HttpResponse response;
  try {
    response = Send("GET", key, {}, headers, {}, clip, on_head);
  } catch (const ApiError&) {
    if (failure) std::rethrow_exception(failure);
    if (unexpected_range) {
      throw ApiError(ErrorKind::kUnavailable, "S3 sent another byte range than asked");
    }
    throw;
  }
  if (failure) std::rethrow_exception(failure);
  if (response.status != 200 && response.status != 206) throw S3Error(response, "read media");
  if (answer && remaining > 0) throw ApiError(ErrorKind::kUnavailable, "S3 sent a short body");
  if (answer) return *answer;
  // An empty body never reached on_head: an empty object (a range on it S3 answers with 416).
  return ResolveRange(0, range);
}

void S3BlobStore::Delete(const std::string& key) {
  CheckKey(key);
  net::HttpResponse response = Send("DELETE", key, {}, {}, {});
  if (response.status / 100 == 2) return;
  ApiError error = S3Error(response, "delete media");
  if (error.kind() == ErrorKind::kNotFound) return;  // already gone
  throw error;
}

void S3BlobStore::List(const std::function<void(const ListedBlob&)>& visit) {
  std::string continuation;
  for (;;) {  // ListObjectsV2, 1000 keys per page
    Query query{{"list-type", "2"}, {"prefix", "users/"}};
    if (!continuation.empty()) query.emplace_back("continuation-token", continuation);
    net::HttpResponse response = Send("GET", "", query, {}, {});
    if (response.status != 200) throw S3Error(response, "list media");
    for (std::string_view entry : s3xml::Elements(response.body, "Contents")) {
      ListedBlob blob;
      blob.key = s3xml::ElementText(entry, "Key").value_or("");
      blob.size = ParseInt(s3xml::ElementText(entry, "Size").value_or("")).value_or(0);
      std::optional<Micros> modified =
          ParseIsoTime(s3xml::ElementText(entry, "LastModified").value_or(""));
      blob.modified =
          std::chrono::system_clock::time_point(std::chrono::microseconds(modified.value_or(0)));
      if (IsValidBlobKey(blob.key)) visit(blob);
    }
    if (s3xml::ElementText(response.body, "IsTruncated").value_or("false") != "true") return;
    continuation = s3xml::ElementText(response.body, "NextContinuationToken").value_or("");
    if (continuation.empty()) {
      throw ApiError(ErrorKind::kUnavailable, "S3 cut a listing short without a continuation");
    }
  }
}

std::optional<std::int64_t> S3BlobStore::Size(const std::string& key) {
  CheckKey(key);
  net::HttpResponse response = Send("HEAD", key, {}, {}, {});
  if (response.status == 404) return std::nullopt;  // HEAD answers carry no error code
  if (response.status != 200) throw S3Error(response, "look up media");
  std::optional<std::int64_t> size = ParseInt(response.Header("content-length").value_or(""));
  if (!size) throw ApiError(ErrorKind::kUnavailable, "S3 sent no Content-Length");
  return size;
}

std::optional<std::string> S3BlobStore::PresignedGetUrl(const std::string& key,
                                                        std::chrono::seconds ttl) {
  CheckKey(key);
  const long seconds = std::clamp<long>(static_cast<long>(ttl.count()), 1, kMaxPresignSeconds);
  aws::RequestToSign to_sign;
  to_sign.method = "GET";
  to_sign.host = host_;
  to_sign.path = PathOf(key);
  to_sign.payload_hash = std::string(aws::kUnsignedPayload);
  const aws::SigningScope scope{settings_.region, "s3", aws::PathRule::kAsSent};
  aws::QuerySignature signature =
      aws::Presign(credentials_->Get(), scope, to_sign, clock_.Now(), static_cast<int>(seconds));
  return UrlOf(to_sign.path, signature.query);
}

}  // namespace chronotrail
