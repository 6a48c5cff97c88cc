// MediaUpload: the bytes of one photo or voice note on their way in, before any record exists.
//
// Bytes are appended to a private spool file (DATA_DIR/spool) while being hashed and counted, so
// an upload of any size costs a few kilobytes of memory. The size limit (the tier's largest file,
// and what is left of the storage quota) is enforced as bytes arrive: the upload fails at the
// first byte past it, not after the whole body. The type is decided from the first bytes
// (libmagic), so a file that is not a supported photo or recording is refused early, too.
//
// An upload that is destroyed without Take() removes its spool file. The file stays locked while
// the upload lives, Take() or not (services/spool.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/digest.h"
#include "core/model.h"
#include "media/media_type.h"

namespace chronotrail {

// What an upload may hold: the tightest of the tier's file limit and the storage left.
struct UploadAllowance {
  std::int64_t max_bytes = 0;
  std::int64_t file_limit_bytes = 0;  // the tier's largest file, for the error details
  bool storage_bound = false;         // max_bytes is what is left of the storage quota
  std::int64_t storage_limit_bytes = 0;
  std::int64_t storage_used_bytes = 0;
};

// Throws the 413 for an upload past `allowance` (details: the limit; the quota when it binds).
[[noreturn]] void ThrowTooLarge(const UploadAllowance& allowance);

// The finished spool: a file the caller now owns, and what was learnt while writing it.
struct SpooledFile {
  std::filesystem::path path;
  std::int64_t size = 0;
  std::string sha256_hex;
  media::DetectedType type;
};

class MediaUpload {
 public:
  // Creates the spool file under `spool_dir`. Throws ApiError(kUnavailable) when it cannot.
  MediaUpload(MediaType expected, UploadAllowance allowance,
              const std::filesystem::path& spool_dir);
  ~MediaUpload();
  MediaUpload(const MediaUpload&) = delete;
  MediaUpload& operator=(const MediaUpload&) = delete;

  // Appends file bytes. Throws ApiError: kPayloadTooLarge past the allowance (details: the
  // limit), kBadRequest when the first bytes are not a supported type of the expected kind.
  void Write(std::string_view bytes);

  // Ends the file: checks it is not empty and of a supported type, and hands the spool file over
  // (the blob store makes it durable where it keeps it).
  SpooledFile Take();

  std::int64_t size() const { return size_; }

 private:
  void Detect();

  const MediaType expected_;
  const UploadAllowance allowance_;
  std::filesystem::path path_;
  int fd_ = -1;
  std::int64_t size_ = 0;
  Sha256 hash_;
  std::string head_;  // the first bytes, until the type is known
  std::optional<media::DetectedType> type_;
  bool taken_ = false;
};

}  // namespace chronotrail
