#include "services/media_jobs.h"

#include <unistd.h>

#include <boost/json.hpp>
#include <fstream>

#include "core/error.h"
#include "core/log.h"
#include "media/unprocessable.h"
#include "services/spool.h"

namespace chronotrail {
namespace {

constexpr Micros kSecond = 1'000'000;
// Long enough for any processing; a worker that dies holds its job no longer than this.
constexpr Micros kLease = 10 * 60 * kSecond;
constexpr auto kIdlePoll = std::chrono::seconds(1);

// A file fetched from a remote blob store for processing, removed when done.
class FetchedFile {
 public:
  FetchedFile(BlobStore& blobs, const std::string& key, const std::filesystem::path& dir) {
    // Held (locked) while it lives, so that a spool sweep leaves it alone.
    lock_fd_ = CreateSpoolFile(dir, "fetch-", path_);
    if (lock_fd_ < 0) throw ApiError::Unavailable("Spool space for processing");
    std::ofstream out(path_, std::ios::binary);
    blobs.Get(key, std::nullopt, [&](std::string_view piece) {
      out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      return static_cast<bool>(out);
    });
    out.close();
    if (!out) throw ApiError::Unavailable("Spool space for processing");
  }
  ~FetchedFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    ::close(lock_fd_);
  }
  FetchedFile(const FetchedFile&) = delete;
  FetchedFile& operator=(const FetchedFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int lock_fd_ = -1;
};

}  // namespace

MediaJobs::MediaJobs(RecordStore& store, BlobStore& blobs, MediaAnalyzer& analyzer,
                     const Config& config, const Clock& clock)
    : store_(store),
      blobs_(blobs),
      analyzer_(analyzer),
      config_(config),
      clock_(clock),
      spool_dir_(std::filesystem::path(config.data_dir) / "spool") {}

MediaJobs::~MediaJobs() {
  Stop();
}

void MediaJobs::Start(int workers) {
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

void MediaJobs::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void MediaJobs::Poke() {
  {
    std::lock_guard lock(mu_);
    ++pokes_;
  }
  wake_.notify_one();
}

std::optional<Media> MediaJobs::WaitProcessed(const std::string& user_id, const std::string& id,
                                              std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::uint64_t seen;
    {
      std::lock_guard lock(mu_);
      seen = finished_count_;
    }
    std::optional<Media> media = store_.FindMedia(user_id, id);
    if (!media || media->status == ProcessingStatus::kCompleted ||
        media->status == ProcessingStatus::kFailed) {
      return media;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return media;
    // Woken when any media of this process finishes; re-checked at least every 200 ms for media
    // another instance processes.
    std::unique_lock lock(mu_);
    finished_.wait_until(lock, std::min(deadline, now + std::chrono::milliseconds(200)),
                         [&] { return finished_count_ != seen; });
  }
}

int MediaJobs::RunOnce() {
  int done = 0;
  while (ProcessOne()) ++done;
  DeleteRemovedBytes();
  return done;
}

void MediaJobs::WorkerLoop() {
  while (true) {
    std::uint64_t pokes;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      pokes = pokes_;
    }
    bool worked = false;
    try {
      worked = ProcessOne();
      if (!worked) DeleteRemovedBytes();
    } catch (const std::exception& e) {
      // The store is unavailable: try again after the pause below.
      Log(LogLevel::kWarn, "media_worker_error", {{"error", e.what()}});
    }
    if (worked) continue;
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, kIdlePoll, [&] { return stopping_ || pokes_ != pokes; });
  }
}

bool MediaJobs::ProcessOne() {
  Micros now = clock_.Now();
  std::optional<MediaJob> job = store_.ClaimMediaJob(now, now + kLease);
  if (!job) return false;
  Process(*job);
  {
    std::lock_guard lock(mu_);
    ++finished_count_;
  }
  finished_.notify_all();
  return true;
}

void MediaJobs::Process(const MediaJob& job) {
  std::optional<Media> found = store_.FindMedia(job.user_id, job.media_id);
  if (!found) return;  // deleted meanwhile; its job went with it
  Media media = std::move(*found);
  auto started = std::chrono::steady_clock::now();
  try {
    std::optional<FetchedFile> fetched;
    std::optional<std::filesystem::path> path = blobs_.LocalPath(media.blob_key);
    if (!path) {
      fetched.emplace(blobs_, media.blob_key, spool_dir_);
      path = fetched->path();
    }
    const AnalysisAttempt attempt{job.attempts, job.attempts >= config_.media_max_attempts};
    MediaUnderstanding u = analyzer_.Analyze(media, *path, attempt);
    media.text = std::move(u.text);
    media.description = std::move(u.description);
    media.facts_json = std::move(u.facts_json);
    // What the person said at upload wins over what the file says.
    if (!media.timestamp_given && u.taken_at) media.timestamp = *u.taken_at;
    if (!media.place.coordinates && u.position) media.place.coordinates = u.position;
    media.status = ProcessingStatus::kCompleted;
    media.error_details.reset();
  } catch (const AnalysisPending& e) {
    // A provider is still at work: come back later, without using up an attempt.
    Log(LogLevel::kInfo, "media_pending",
        {{"media_id", media.id}, {"reason", e.what()}, {"retry_after_s", e.retry_after_seconds()}});
    store_.PostponeMediaJob(media.id, clock_.Now() + e.retry_after_seconds() * kSecond);
    return;
  } catch (const media::Unprocessable& e) {
    media.status = ProcessingStatus::kFailed;
    media.error_details = e.what();
  } catch (const std::exception& e) {
    if (job.attempts < config_.media_max_attempts) {
      Micros pause = kSecond << std::min(job.attempts, 16);
      Log(LogLevel::kWarn, "media_retry",
          {{"media_id", media.id}, {"attempt", job.attempts}, {"error", e.what()}});
      store_.RetryMediaJob(media.id, clock_.Now() + pause, e.what());
      return;
    }
    media.status = ProcessingStatus::kFailed;
    media.error_details = std::string("Processing failed: ") + e.what();
  }
  media.updated_at = clock_.Now();
  store_.CompleteMediaJob(media);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  Log(LogLevel::kInfo, "media_processed",
      {{"media_id", media.id},
       {"status", ProcessingStatusName(media.status)},
       {"duration_ms", seconds * 1000}});
}

int MediaJobs::DeleteRemovedBytes() {
  int deleted = 0;
  for (const std::string& key : store_.PendingBlobDeletions(100)) {
    blobs_.Delete(key);
    store_.ForgetBlobDeletion(key);
    ++deleted;
  }
  return deleted;
}

}  // namespace chronotrail
