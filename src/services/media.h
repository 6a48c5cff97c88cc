// MediaService: the rules for photos and voice notes, over a RecordStore (the records and the
// processing queue), a BlobStore (the bytes) and MediaJobs (the workers).
//
// An upload is begun before its body arrives (BeginUpload: the tier's file limit and the storage
// left are known then), streamed into a MediaUpload, and completed with the form's fields
// (CompleteUpload): the fields are checked, the file is given a quick look (can it be processed at
// all?), the bytes are stored, and the record with its processing job is inserted, counted
// against the daily content limit and the storage quota in the same transaction. The same bytes
// uploaded twice by one user give the first record back. The upload then waits up to
// MEDIA_WAIT_SECONDS for processing.
//
// Media of other users behave as missing, whatever the method.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/config.h"
#include "services/media_analyzer.h"
#include "services/media_jobs.h"
#include "services/media_upload.h"
#include "services/timeline.h"
#include "services/usage.h"
#include "storage/blob/blob_store.h"
#include "storage/record_store.h"

namespace chronotrail {

// The form fields of an upload, decoded but not yet checked.
struct MediaFields {
  FieldErrors errors;
  std::optional<Micros> timestamp;
  PlaceInput place;
  std::optional<std::string> filename;  // as the client named the file
};

// The result of an upload: the record, and whether it is new (counted) or an earlier copy.
struct MediaUploaded {
  Media media;
  std::optional<UsageStatus> usage;  // absent for a duplicate (nothing was counted)
  bool duplicate = false;
};

// A URL to fetch media bytes without a bearer token, valid until `expires_at`.
struct MediaDownloadUrl {
  std::string url;
  std::int64_t expires_in = 0;  // seconds
};

class MediaService {
 public:
  MediaService(RecordStore& store, BlobStore& blobs, const UsageService& usage,
               MediaAnalyzer& analyzer, MediaJobs& jobs, const Config& config, const Clock& clock);

  // Starts an upload of `type` for `user`. `announced_bytes` is the request body's length when
  // known: an upload that cannot fit is refused now (413), before its body is sent.
  std::unique_ptr<MediaUpload> BeginUpload(const User& user, MediaType type,
                                           std::optional<std::uint64_t> announced_bytes) const;
  MediaUploaded CompleteUpload(const User& user, MediaType type, MediaUpload& upload,
                               MediaFields fields) const;

  Media Get(const User& user, const std::string& id) const;
  PageOf<Media> List(const User& user, std::optional<MediaType> type, const ListQuery& query) const;
  // Removes the record at once; the bytes follow (MediaJobs).
  void Delete(const User& user, const std::string& id) const;

  // Streams the media's bytes (or `range` of them) to `sink`.
  BlobRead ReadBytes(const Media& media, const std::optional<ByteRange>& range,
                     const BlobSink& sink) const;

  // A URL valid for `ttl` (60 s .. 1 day): presigned by S3, or else one this server answers
  // itself (SignedContentPath), relative to the API's origin.
  MediaDownloadUrl DownloadUrl(const User& user, const std::string& id,
                               std::chrono::seconds ttl) const;
  // For a server-signed URL: the media when `signature` is valid for (user_id, id, expires) and
  // not expired; NOT_FOUND otherwise (a bad signature reveals nothing).
  Media ResolveSignedUrl(const std::string& user_id, const std::string& id, std::int64_t expires,
                         const std::string& signature) const;

 private:
  std::string Sign(const std::string& user_id, const std::string& id, std::int64_t expires) const;

  RecordStore& store_;
  BlobStore& blobs_;
  const UsageService& usage_;
  MediaAnalyzer& analyzer_;
  MediaJobs& jobs_;
  const Config& config_;
  const Clock& clock_;
  const std::filesystem::path spool_dir_;
  mutable std::once_flag url_key_once_;
  mutable std::string url_key_;  // HMAC key of server-signed URLs (DATA_DIR/url-signing.key)
};

}  // namespace chronotrail
