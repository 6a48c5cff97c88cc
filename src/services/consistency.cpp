#include "services/consistency.h"

#include <algorithm>
#include <unordered_set>

namespace chronotrail {
namespace {

std::string Count(std::int64_t n, const char* what) {
  return std::to_string(n) + " " + what;
}

// Counts first, and rebuilds only when something is wrong: a rebuild rewrites the whole full-text
// index, which on a large store is long and heavy for a server running beside it.
void CheckIndex(RecordStore& store, const ConsistencyOptions& options, bool text_index_damaged,
                ConsistencyReport& report, const ConsistencyProgress& progress) {
  progress("search index: comparing documents with their records");
  report.index = store.ReindexSearch("", ReindexMode::kDryRun);
  const ReindexCounts& c = report.index;
  const bool wrong = c.added > 0 || c.updated > 0 || c.removed > 0 || text_index_damaged;
  if (options.repair && wrong) {
    progress("search index: rebuilding from the records");
    report.index = store.ReindexSearch("", ReindexMode::kRepair);
  }
  progress("search index: " + Count(c.documents, "documents") + "; " + Count(c.added, "missing") +
           ", " + Count(c.updated, "stale") + ", " + Count(c.removed, "orphaned") +
           (wrong && options.repair ? " (repaired)" : ""));
}

// Lists the blob store first and reads the keys in use afterwards: a record is written after its
// bytes, so every record whose bytes the listing missed is newer than the listing and is checked
// again by itself.
void CheckBlobs(RecordStore& store, BlobStore& blobs, const ConsistencyOptions& options,
                ConsistencyReport& report, const ConsistencyProgress& progress) {
  progress("media files: listing");
  std::unordered_set<std::string> listed;
  std::vector<ListedBlob> found;
  blobs.List([&](const ListedBlob& blob) {
    listed.insert(blob.key);
    found.push_back(blob);
  });
  report.blobs_listed = static_cast<std::int64_t>(found.size());
  BlobKeys keys = store.BlobKeysInUse();
  std::unordered_set<std::string> accounted(keys.media.begin(), keys.media.end());
  accounted.insert(keys.deleting.begin(), keys.deleting.end());

  const auto old_enough = std::chrono::system_clock::now() - options.min_blob_age;
  for (const ListedBlob& blob : found) {
    if (accounted.count(blob.key) > 0) continue;
    if (blob.modified > old_enough) {
      ++report.young_unaccounted_blobs;
      continue;
    }
    report.unaccounted_blobs.push_back(blob.key);
    if (options.repair) blobs.Delete(blob.key);
  }
  for (const std::string& key : keys.media) {
    if (listed.count(key) == 0 && !blobs.Size(key)) report.missing_blobs.push_back(key);
  }
  // A record deleted meanwhile has had its bytes deleted too: only those still in use count.
  if (!report.missing_blobs.empty()) {
    std::vector<std::string> media = store.BlobKeysInUse().media;
    std::unordered_set<std::string> still(media.begin(), media.end());
    std::erase_if(report.missing_blobs,
                  [&](const std::string& key) { return still.count(key) == 0; });
  }
  std::sort(report.unaccounted_blobs.begin(), report.unaccounted_blobs.end());
  std::sort(report.missing_blobs.begin(), report.missing_blobs.end());
  progress("media files: " + Count(report.blobs_listed, "listed") + ", " +
           Count(static_cast<std::int64_t>(report.unaccounted_blobs.size()), "unaccounted for") +
           (options.repair ? " (deleted)" : "") + ", " +
           Count(report.young_unaccounted_blobs, "too recent to judge") + ", " +
           Count(static_cast<std::int64_t>(report.missing_blobs.size()), "records without bytes"));
}

}  // namespace

bool ConsistencyReport::Consistent() const {
  return database_problems.empty() && index.added == 0 && index.updated == 0 &&
         index.removed == 0 && unaccounted_blobs.empty() && missing_blobs.empty();
}

bool ConsistencyReport::Sound(bool repaired) const {
  if (!repaired) return Consistent();
  return database_problems.empty() && missing_blobs.empty();
}

ConsistencyReport CheckConsistency(RecordStore& store, BlobStore& blobs,
                                   const ConsistencyOptions& options,
                                   const ConsistencyProgress& progress) {
  ConsistencyReport report;
  progress("database: checking integrity");
  std::vector<std::string> before = store.CheckIntegrity();
  progress("database: " + (before.empty()
                               ? std::string("ok")
                               : Count(static_cast<std::int64_t>(before.size()), "problems")));
  CheckIndex(store, options, !before.empty(), report, progress);
  // The index rebuild repairs a full-text table that differs from its documents; what remains
  // after it is damage to the file itself.
  report.database_problems =
      options.repair && !before.empty() ? store.CheckIntegrity() : std::move(before);
  CheckBlobs(store, blobs, options, report, progress);
  return report;
}

}  // namespace chronotrail
