// LocalBlobStore: media bytes as files under one directory (DATA_DIR/media), the embedded default.
//
// An object's file is root/{key}. A Put writes a private temporary file in the same directory,
// fsyncs it, renames it over the key's name and fsyncs the directory, so a reader sees the old
// object or the new one, never a mix, and an acknowledged Put survives a crash. Deleting removes
// the file. There are no presigned URLs: the server streams the bytes itself.
#pragma once

#include <filesystem>

#include "storage/blob/blob_store.h"

namespace chronotrail {

class LocalBlobStore : public BlobStore {
 public:
  // Creates `root` if needed. Throws ApiError(kUnavailable) when it cannot.
  explicit LocalBlobStore(std::filesystem::path root);

  StoredBlob Put(const std::string& key, std::int64_t length, const BlobSource& source) override;
  BlobRead Get(const std::string& key, const std::optional<ByteRange>& range,
               const BlobSink& sink) override;
  // Moves the file into place (rename within the disk, after fsync), or copies it when the file
  // lives on another file system.
  void PutFile(const std::string& key, const std::filesystem::path& path) override;
  std::optional<std::filesystem::path> LocalPath(const std::string& key) override;
  void Delete(const std::string& key) override;
  void List(const std::function<void(const ListedBlob&)>& visit) override;
  std::optional<std::int64_t> Size(const std::string& key) override;
  std::optional<std::string> PresignedGetUrl(const std::string& key,
                                             std::chrono::seconds ttl) override;

 private:
  std::filesystem::path PathOf(const std::string& key) const;

  const std::filesystem::path root_;
};

}  // namespace chronotrail
