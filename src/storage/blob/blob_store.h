// BlobStore: where the bytes of media (photos, voice notes) live, by key.
//
// Records (RecordStore) say which media a user has; a BlobStore holds the bytes, on local disk
// (LocalBlobStore) or in S3 (S3BlobStore). Bytes flow through in pieces, both ways, so a large
// file never sits whole in memory.
//
// Keys: built by BlobKey only, as users/{user_id}/{kind}/{file_id}. Each component is checked, so
// no user id or file id a client controls can reach another user's objects or leave the store;
// every method refuses a key BlobKey could not have made.
//
// Errors (all ApiError):
//   kNotFound             the object does not exist (Get);
//   kRangeNotSatisfiable  the byte range starts past the end of the object;
//   kBadRequest           a key component is invalid, or an upload gave more or fewer bytes than
//                         it announced;
//   kUnavailable          the disk or the S3 service failed or refused us (a misconfiguration);
//                         the message says which.
// A Put that throws leaves no partial object under the key (the previous one, if any, stays).
//
// Thread safety: every method may be called from any number of threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace chronotrail {

// Media kinds, as the middle component of a key.
inline constexpr std::string_view kPhotosKind = "photos";
inline constexpr std::string_view kVoiceNotesKind = "voice_notes";

// "users/{user_id}/{kind}/{file_id}". Throws ApiError(kBadRequest) when a component is empty,
// longer than 128 bytes, ".", contains "..", or has a byte outside [A-Za-z0-9_.-].
std::string BlobKey(std::string_view user_id, std::string_view kind, std::string_view file_id);

// True when `key` has the shape BlobKey gives.
bool IsValidBlobKey(std::string_view key);

// Fills up to `capacity` bytes of `buffer` with the next bytes of an upload and returns how many;
// 0 means the upload has ended. May throw (the client went away); the Put then fails.
using BlobSource = std::function<size_t(char* buffer, size_t capacity)>;

// Receives the bytes of a download in order; returning false stops the transfer (the reader went
// away), which Get reports as ApiError(kUnavailable).
using BlobSink = std::function<bool(std::string_view piece)>;

// What Put stored.
struct StoredBlob {
  std::int64_t size = 0;
  std::string sha256_hex;  // SHA-256 of the stored bytes, lower-case hex
};

// Inclusive byte positions, as in an HTTP Range header "bytes=first-last". A `last` past the end
// means "to the end".
struct ByteRange {
  std::int64_t first = 0;
  std::optional<std::int64_t> last;
};

// What Get sent to the sink: bytes first..last (inclusive) of an object of total_size bytes.
// For an empty object without a range, last is -1.
struct BlobRead {
  std::int64_t total_size = 0;
  std::int64_t first = 0;
  std::int64_t last = -1;
};

// An object as List finds it.
struct ListedBlob {
  std::string key;
  std::int64_t size = 0;
  std::chrono::system_clock::time_point modified;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Stores exactly `length` bytes from `source` under `key`, replacing any object there. Returns
  // once the bytes are durable.
  virtual StoredBlob Put(const std::string& key, std::int64_t length, const BlobSource& source) = 0;

  // Stores the file at `path` (made by the caller, who no longer needs it) under `key`. The
  // default sends it through Put and leaves the file; a store on the same disk moves it into place
  // instead, saving a copy.
  virtual void PutFile(const std::string& key, const std::filesystem::path& path);

  // Where the object can be read as a file on this machine, for stores that keep it on local
  // disk; nullopt otherwise (callers then Get it).
  virtual std::optional<std::filesystem::path> LocalPath(const std::string& key);

  // Streams the object, or `range` of it, to `sink`.
  virtual BlobRead Get(const std::string& key, const std::optional<ByteRange>& range,
                       const BlobSink& sink) = 0;

  // Removes the object; removing one that does not exist succeeds.
  virtual void Delete(const std::string& key) = 0;

  // Calls `visit` with every object under "users/", in no particular order: the objects of
  // media records and whatever else is there, such as the temporary file of a Put that a crash
  // interrupted (whose key Delete accepts). For consistency checks (chronotrail fsck).
  virtual void List(const std::function<void(const ListedBlob&)>& visit) = 0;

  // The object's size, or nullopt when it does not exist.
  virtual std::optional<std::int64_t> Size(const std::string& key) = 0;

  // A URL from which anyone holding it can GET the object for `ttl`, without our server in
  // between; nullopt when the store cannot make one (local disk), so callers serve the bytes.
  virtual std::optional<std::string> PresignedGetUrl(const std::string& key,
                                                     std::chrono::seconds ttl) = 0;
};

// The part of `total_size` that `range` selects, or throws kRangeNotSatisfiable. Shared by the
// stores so they agree on range rules.
BlobRead ResolveRange(std::int64_t total_size, const std::optional<ByteRange>& range);

}  // namespace chronotrail
