#include "services/media.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fstream>
#include <mutex>

#include "core/digest.h"
#include "core/error.h"
#include "core/ids.h"
#include "media/unprocessable.h"
#include "services/record_checks.h"

namespace chronotrail {
namespace {

constexpr std::int64_t kMiB = 1 << 20;
// Room for the form fields and part headers around the file in a multipart body.
constexpr std::int64_t kFormOverhead = 64 * 1024;

std::string_view BlobKind(MediaType type) {
  return type == MediaType::kVoice ? kVoiceNotesKind : kPhotosKind;
}

// The key for server-signed URLs: made once per data directory, kept private to the server.
std::string LoadOrCreateUrlKey(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() >= 32) return key;
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  key = NewId() + NewId();  // 244 random bits
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0) {
    bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
    ok = ::fsync(fd) == 0 && ok;
    ::close(fd);
    if (ok) return key;
  }
  throw ApiError::Unavailable("The data directory (for " + file.string() + ")");
}

// Removes a spool file unless it was handed on.
class SpoolGuard {
 public:
  explicit SpoolGuard(std::filesystem::path path) : path_(std::move(path)) {}
  ~SpoolGuard() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

 private:
  std::filesystem::path path_;
};

// A client's file name, kept for Content-Disposition: no directories, no control characters,
// at most 255 bytes.
std::optional<std::string> CleanFilename(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  std::string base = *name;
  size_t slash = base.find_last_of("/\\");
  if (slash != std::string::npos) base.erase(0, slash + 1);
  std::string out;
  for (char c : base) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  }
  if (out.size() > 255) out.resize(255);
  if (out.empty() || out == "." || out == "..") return std::nullopt;
  return out;
}

}  // namespace

MediaService::MediaService(RecordStore& store, BlobStore& blobs, const UsageService& usage,
                           MediaAnalyzer& analyzer, MediaJobs& jobs, const Config& config,
                           const Clock& clock)
    : store_(store),
      blobs_(blobs),
      usage_(usage),
      analyzer_(analyzer),
      jobs_(jobs),
      config_(config),
      clock_(clock),
      spool_dir_(std::filesystem::path(config.data_dir) / "spool") {}

std::unique_ptr<MediaUpload> MediaService::BeginUpload(
    const User& user, MediaType type, std::optional<std::uint64_t> announced_bytes) const {
  const TierLimits& limits = usage_.LimitsFor(user);
  UploadAllowance allow;
  allow.file_limit_bytes = std::min<std::int64_t>(limits.max_file_mb, config_.max_upload_mb) * kMiB;
  allow.max_bytes = allow.file_limit_bytes;
  if (limits.storage_mb != kUnlimited) {
    allow.storage_limit_bytes = limits.storage_mb * kMiB;
    allow.storage_used_bytes = store_.StorageUsed(user.id);
    std::int64_t left =
        std::max<std::int64_t>(0, allow.storage_limit_bytes - allow.storage_used_bytes);
    if (left < allow.max_bytes) {
      allow.max_bytes = left;
      allow.storage_bound = true;
    }
  }
  auto upload = std::make_unique<MediaUpload>(type, allow, spool_dir_);
  // A body longer than the file allowance plus a form's worth of fields cannot fit: say so before
  // the client sends it. (Shorter bodies are measured as they arrive.)
  if (announced_bytes &&
      static_cast<std::int64_t>(*announced_bytes) > allow.max_bytes + kFormOverhead) {
    ThrowTooLarge(allow);
  }
  return upload;
}

MediaUploaded MediaService::CompleteUpload(const User& user, MediaType type, MediaUpload& upload,
                                           MediaFields in) const {
  FieldErrors& errors = in.errors;
  Micros now = clock_.Now();
  if (in.timestamp && !errors.Has("timestamp"))
    CheckNotFuture(*in.timestamp, now, "timestamp", errors);
  Place place = CheckPlace(std::move(in.place), errors);
  if (!errors.empty()) throw ApiError::Validation(errors.list());

  SpooledFile file = upload.Take();
  SpoolGuard spool(file.path);
  if (auto existing = store_.FindMediaByHash(user.id, file.sha256_hex)) {
    return MediaUploaded{std::move(*existing), std::nullopt, true};
  }
  try {
    analyzer_.Check(type, file.path);
  } catch (const media::Unprocessable& e) {
    throw ApiError(ErrorKind::kUnprocessable,
                   std::string("The file cannot be processed: ") + e.what());
  }

  Media m;
  m.id = NewId();
  m.user_id = user.id;
  m.type = type;
  m.content_type = file.type.mime;
  m.original_filename = CleanFilename(in.filename);
  m.file_size = file.size;
  m.sha256 = file.sha256_hex;
  m.blob_key = BlobKey(user.id, BlobKind(type), m.id);
  m.timestamp = in.timestamp.value_or(now);
  m.timestamp_given = in.timestamp.has_value();
  m.place = std::move(place);
  m.status = ProcessingStatus::kPending;
  m.created_at = m.updated_at = now;

  // Bytes first, then the record: a crash in between leaves bytes no record names (which fsck
  // finds), never a record without its bytes.
  blobs_.PutFile(m.blob_key, file.path);
  UsageDay day = usage_.Today(user);
  UsageCharge charge = usage_.ChargeFor(user, UsageKind::kContent, day);
  const TierLimits& limits = usage_.LimitsFor(user);
  std::int64_t storage_limit =
      limits.storage_mb == kUnlimited ? kUnlimited : limits.storage_mb * kMiB;
  MediaInsert inserted;
  try {
    inserted = store_.InsertMedia(m, charge, storage_limit);
  } catch (...) {
    blobs_.Delete(m.blob_key);
    throw;
  }
  if (inserted.outcome != MediaInsert::Outcome::kInserted) blobs_.Delete(m.blob_key);
  switch (inserted.outcome) {
    case MediaInsert::Outcome::kDuplicate:
      return MediaUploaded{std::move(*inserted.existing), std::nullopt, true};
    case MediaInsert::Outcome::kOverStorage:
      throw ApiError(ErrorKind::kPayloadTooLarge, "This upload would pass your storage quota",
                     boost::json::object{{"storage_limit_bytes", storage_limit},
                                         {"storage_used_bytes", inserted.storage_used}});
    case MediaInsert::Outcome::kOverDailyLimit:
    case MediaInsert::Outcome::kInserted:
      break;
  }
  UsageStatus status = usage_.Settle(
      user, charge,
      ChargeResult{inserted.outcome == MediaInsert::Outcome::kInserted, inserted.used}, day);
  jobs_.Poke();
  auto wait = std::chrono::seconds(config_.media_wait_seconds);
  if (wait.count() > 0) {
    if (auto processed = jobs_.WaitProcessed(user.id, m.id, wait)) m = std::move(*processed);
  }
  if (m.status == ProcessingStatus::kPending) m.status = ProcessingStatus::kProcessing;
  return MediaUploaded{std::move(m), status, false};
}

Media MediaService::Get(const User& user, const std::string& id) const {
  RequireId(id, "Media");
  std::optional<Media> media = store_.FindMedia(user.id, id);
  if (!media) throw ApiError::NotFound("Media");
  return std::move(*media);
}

PageOf<Media> MediaService::List(const User& user, std::optional<MediaType> type,
                                 const ListQuery& query) const {
  return store_.ListMedia(user.id, type, usage_.WithinHistory(user, query.range), query.page);
}

void MediaService::Delete(const User& user, const std::string& id) const {
  RequireId(id, "Media");
  if (!store_.DeleteMedia(user.id, id)) throw ApiError::NotFound("Media");
  jobs_.Poke();  // the bytes go on a worker's next round
}

BlobRead MediaService::ReadBytes(const Media& media, const std::optional<ByteRange>& range,
                                 const BlobSink& sink) const {
  return blobs_.Get(media.blob_key, range, sink);
}

MediaDownloadUrl MediaService::DownloadUrl(const User& user, const std::string& id,
                                           std::chrono::seconds ttl) const {
  Media media = Get(user, id);
  if (auto url = blobs_.PresignedGetUrl(media.blob_key, ttl)) return {*url, ttl.count()};
  std::int64_t expires = clock_.Now() / 1'000'000 + ttl.count();
  std::string url = "/api/v1/media/" + media.id + "/content?user=" + user.id +
                    "&expires=" + std::to_string(expires) +
                    "&signature=" + Sign(user.id, media.id, expires);
  return {url, ttl.count()};
}

Media MediaService::ResolveSignedUrl(const std::string& user_id, const std::string& id,
                                     std::int64_t expires, const std::string& signature) const {
  RequireId(id, "Media");
  RequireId(user_id, "Media");
  std::string expected = Sign(user_id, id, expires);
  // Constant-time comparison: the signature must not leak through timing.
  unsigned char diff = expected.size() != signature.size();
  for (size_t i = 0; i < expected.size() && i < signature.size(); ++i) {
    diff |= static_cast<unsigned char>(expected[i] ^ signature[i]);
  }
  if (diff != 0 || expires < clock_.Now() / 1'000'000) throw ApiError::NotFound("Media");
  std::optional<Media> media = store_.FindMedia(user_id, id);
  if (!media) throw ApiError::NotFound("Media");
  return std::move(*media);
}

std::string MediaService::Sign(const std::string& user_id, const std::string& id,
                               std::int64_t expires) const {
  // Made on first use: a server on S3 never needs it.
  std::call_once(url_key_once_, [&] {
    url_key_ = LoadOrCreateUrlKey(std::filesystem::path(config_.data_dir) / "url-signing.key");
  });
  return HexEncode(HmacSha256Raw(url_key_, user_id + "\n" + id + "\n" + std::to_string(expires)));
}

}  // namespace chronotrail
