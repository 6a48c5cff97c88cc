#include "services/media_upload.h"

#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "services/spool.h"

namespace chronotrail {
namespace {

[[noreturn]] void DiskError(const char* what) {
  throw ApiError::DiskFailure(std::string("Upload spool: ") + what, errno);
}

media::MediaKind KindOf(MediaType type) {
  return type == MediaType::kVoice ? media::MediaKind::kVoice : media::MediaKind::kPhoto;
}

const char* Noun(MediaType type) {
  return type == MediaType::kVoice ? "voice note" : "photo";
}

}  // namespace

void ThrowTooLarge(const UploadAllowance& allowance) {
  boost::json::object details{{"limit_bytes", allowance.file_limit_bytes}};
  if (allowance.storage_bound) {
    details["storage_limit_bytes"] = allowance.storage_limit_bytes;
    details["storage_used_bytes"] = allowance.storage_used_bytes;
    throw ApiError(ErrorKind::kPayloadTooLarge, "This upload would pass your storage quota",
                   std::move(details));
  }
  throw ApiError(ErrorKind::kPayloadTooLarge,
                 "The file is larger than your tier allows (" +
                     std::to_string(allowance.file_limit_bytes >> 20) + " MB)",
                 std::move(details));
}

MediaUpload::MediaUpload(MediaType expected, UploadAllowance allowance,
                         const std::filesystem::path& spool_dir)
    : expected_(expected), allowance_(allowance) {
  fd_ = CreateSpoolFile(spool_dir, "upload-", path_);
  if (fd_ < 0) DiskError("create");
}

MediaUpload::~MediaUpload() {
  if (!taken_) {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  if (fd_ >= 0) ::close(fd_);  // last: the lock keeps a sweep off the file until it is gone
}

void MediaUpload::Write(std::string_view bytes) {
  if (bytes.empty()) return;
  if (size_ + static_cast<std::int64_t>(bytes.size()) > allowance_.max_bytes) {
    ThrowTooLarge(allowance_);
  }
  if (!type_) {
    head_.append(
        bytes.substr(0, media::kTypeSniffBytes - std::min(head_.size(), media::kTypeSniffBytes)));
    if (head_.size() >= media::kTypeSniffBytes) Detect();
  }
  hash_.Update(bytes);
  const char* data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      DiskError("write");
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  size_ += static_cast<std::int64_t>(bytes.size());
}

void MediaUpload::Detect() {
  std::optional<media::DetectedType> type = media::DetectType(head_);
  if (!type || type->kind != KindOf(expected_)) {
    throw ApiError(ErrorKind::kBadRequest,
                   std::string("Unsupported file type for a ") + Noun(expected_) +
                       "; supported formats: " + media::SupportedFormats(KindOf(expected_)),
                   boost::json::object{{"supported", media::SupportedFormats(KindOf(expected_))}});
  }
  type_ = std::move(type);
  head_.clear();
  head_.shrink_to_fit();
}

SpooledFile MediaUpload::Take() {
  if (size_ == 0) {
    throw ApiError(ErrorKind::kBadRequest,
                   std::string("The ") + Noun(expected_) + " file is empty");
  }
  if (!type_) Detect();
  // The descriptor stays open, and the file locked, until this upload is destroyed: the caller
  // moves the file on meanwhile, and a sweep must not take it for a dead upload's. (Write errors
  // that close would report surface when the blob store syncs the file.)
  taken_ = true;
  return SpooledFile{path_, size_, hash_.FinishHex(), *type_};
}

}  // namespace chronotrail
