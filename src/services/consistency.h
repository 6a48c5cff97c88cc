// Consistency of what the store and the blob store hold together (chronotrail fsck).
//
// After a crash, a disk error or a bug, four things can disagree, and each is checked:
//   - the database file itself (SQLite's integrity check; PostgreSQL checks its own);
//   - the search index against the records: a record without its document, a document whose
//     text, time or place is not its record's, a document whose record is gone;
//   - blobs no record accounts for: bytes an upload stored before a crash kept its record from
//     being written, or a temporary file of an interrupted write;
//   - media records whose bytes are missing.
// Repairs: the index is rebuilt from the records (ReindexSearch) and unaccounted blobs are
// deleted. Missing bytes and a damaged database cannot be repaired here: they are reported.
//
// Safe while the server runs. An upload stores its bytes before its record, so a blob younger
// than `min_blob_age` is never called unaccounted for: it may be an upload in progress.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storage/blob/blob_store.h"
#include "storage/record_store.h"

namespace chronotrail {

struct ConsistencyOptions {
  bool repair = true;
  std::chrono::seconds min_blob_age{3600};
};

struct ConsistencyReport {
  std::vector<std::string> database_problems;  // after repair, what is still wrong
  ReindexCounts index;                         // the index's repairs (made, or needed)
  std::int64_t blobs_listed = 0;
  std::vector<std::string> unaccounted_blobs;  // deleted when repairing
  std::int64_t young_unaccounted_blobs = 0;    // left alone: possibly uploads in progress
  std::vector<std::string> missing_blobs;      // blob keys of media records without bytes

  // True when the index needed no repair and nothing else was found.
  bool Consistent() const;
  // True when nothing is left to repair: consistent, or repaired and nothing unrepairable.
  bool Sound(bool repaired) const;
};

// Progress messages for a long check ("search index: …").
using ConsistencyProgress = std::function<void(const std::string& line)>;

ConsistencyReport CheckConsistency(RecordStore& store, BlobStore& blobs,
                                   const ConsistencyOptions& options,
                                   const ConsistencyProgress& progress);

}  // namespace chronotrail
