// UserDataService: a person's rights over their own data — take all of it away (export) and have
// all of it removed (account deletion). Neither is bound by the tier's history window: the data
// is theirs.
#pragma once

#include <string>

#include "core/model.h"
#include "storage/blob/blob_store.h"
#include "storage/record_store.h"

namespace chronotrail {

class UserDataService {
 public:
  UserDataService(RecordStore& store, BlobStore& blobs) : store_(store), blobs_(blobs) {}

  // Page `page` (from 1) of every visit / note of the user, newest first, `kExportPageSize` at
  // a time; an empty page means the end. Reading page by page keeps an export's memory flat.
  static constexpr int kExportPageSize = 500;
  std::vector<Visit> VisitsPage(const User& user, int page) const;
  std::vector<Note> NotesPage(const User& user, int page) const;
  std::vector<Media> MediaPage(const User& user, int page) const;
  // Up to `max_bytes` of the media's bytes from `offset` (empty past the end), so an export
  // copies a file a piece at a time.
  std::string MediaBytes(const Media& media, std::int64_t offset, std::int64_t max_bytes) const;

  // Removes the user with every record and counter, in one transaction (so a crash leaves either
  // all of it or none); the media bytes are queued for deletion in that transaction and removed
  // by the media workers, so their deletion completes even after a crash. A token of the user is
  // refused from then on, as its user is gone.
  void DeleteAccount(const User& user) const;

 private:
  RecordStore& store_;
  BlobStore& blobs_;
};

}  // namespace chronotrail
