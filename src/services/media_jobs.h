// MediaJobs: the workers that process uploaded media, and the bytes of deleted media.
//
// The queue itself is a table of the record store (RecordStore::ClaimMediaJob): it survives
// restarts, and any number of instances may work on it; a job whose worker died is leased again
// once its lease expires. A worker reads the file (from local disk, or fetched from the blob store
// into the spool directory), asks the MediaAnalyzer, and stores the result with the job's removal
// in one transaction. A transient failure is retried with growing pauses (2 s, 4 s, 8 s, …) up to
// MEDIA_MAX_ATTEMPTS; an unprocessable file, or the last attempt, marks the media failed with the
// reason. An analyzer waiting for a provider's asynchronous work (AnalysisPending) has its job
// postponed by the pause it asks for, which does not count as an attempt. Between jobs, workers
// delete the bytes of removed media (RecordStore::PendingBlobDeletions).
//
// Uploads wait for their own media with WaitProcessed: workers of this process wake them at once;
// a short poll catches media processed by another instance.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/config.h"
#include "core/time.h"
#include "services/media_analyzer.h"
#include "storage/blob/blob_store.h"
#include "storage/record_store.h"

namespace chronotrail {

class MediaJobs {
 public:
  MediaJobs(RecordStore& store, BlobStore& blobs, MediaAnalyzer& analyzer, const Config& config,
            const Clock& clock);
  ~MediaJobs();  // stops the workers

  // Starts `workers` threads (0: none; jobs then wait for another instance or RunOnce).
  void Start(int workers);
  // Asks the workers to finish their current job and stop; waits for them.
  void Stop();

  // A job was queued: wakes a worker.
  void Poke();
  // Waits until media `id` of `user_id` has left the queue or `timeout` has passed; returns the
  // media as it then is (nullopt when it was deleted meanwhile).
  std::optional<Media> WaitProcessed(const std::string& user_id, const std::string& id,
                                     std::chrono::milliseconds timeout);

  // Processes every due job and pending deletion on the calling thread; returns the jobs done.
  int RunOnce();

 private:
  void WorkerLoop();
  // Claims and processes one job; false when none was due.
  bool ProcessOne();
  void Process(const MediaJob& job);
  // Deletes the bytes of removed media; returns how many objects went.
  int DeleteRemovedBytes();

  RecordStore& store_;
  BlobStore& blobs_;
  MediaAnalyzer& analyzer_;
  const Config& config_;
  const Clock& clock_;
  const std::filesystem::path spool_dir_;

  std::mutex mu_;
  std::condition_variable wake_;      // workers: a job may be due
  std::condition_variable finished_;  // waiters: some media left the queue
  std::uint64_t pokes_ = 0;
  std::uint64_t finished_count_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace chronotrail
