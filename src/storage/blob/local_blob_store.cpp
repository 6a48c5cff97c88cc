#include "storage/blob/local_blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/digest.h"
#include "core/error.h"
#include "core/ids.h"

namespace chronotrail {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;

[[noreturn]] void ThrowDiskError(const char* what, int error) {
  throw ApiError::DiskFailure(std::string("Media storage: ") + what, error);
}

// Closes a descriptor when it leaves scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error close may carry (a write that failed late).
  void CloseOrThrow() {
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) ThrowDiskError("close", errno);
  }

 private:
  int fd_;
};

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowDiskError("write", errno);
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void SyncDirectory(const std::filesystem::path& dir) {
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) ThrowDiskError("open directory", errno);
  if (::fsync(fd.get()) != 0) ThrowDiskError("fsync directory", errno);
}

void CheckKey(const std::string& key) {
  if (!IsValidBlobKey(key)) throw ApiError(ErrorKind::kBadRequest, "Invalid media key");
}

// Pulls from `source` until `buffer` is full or the source ends; returns the bytes read.
size_t FillFrom(const BlobSource& source, char* buffer, size_t capacity) {
  size_t filled = 0;
  while (filled < capacity) {
    size_t n = source(buffer + filled, capacity - filled);
    if (n == 0) break;
    filled += n;
  }
  return filled;
}

}  // namespace

LocalBlobStore::LocalBlobStore(std::filesystem::path root) : root_(std::move(root)) {
  std::error_code ec;
  std::filesystem::create_directories(root_, ec);
  if (ec) ThrowDiskError("create media directory", ec.value());
}

std::filesystem::path LocalBlobStore::PathOf(const std::string& key) const {
  CheckKey(key);
  return root_ / key;
}

void LocalBlobStore::PutFile(const std::string& key, const std::filesystem::path& file) {
  const std::filesystem::path path = PathOf(key);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) ThrowDiskError("create directory", ec.value());
  {
    FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) ThrowDiskError("open", errno);
    if (::fsync(fd.get()) != 0) ThrowDiskError("fsync", errno);
  }
  if (::rename(file.c_str(), path.c_str()) != 0) {
    if (errno != EXDEV) ThrowDiskError("rename", errno);
    BlobStore::PutFile(key, file);  // another file system: copy, durably
    return;
  }
  SyncDirectory(path.parent_path());
}

std::optional<std::filesystem::path> LocalBlobStore::LocalPath(const std::string& key) {
  std::filesystem::path path = PathOf(key);
  if (!std::filesystem::exists(path)) return std::nullopt;
  return path;
}

StoredBlob LocalBlobStore::Put(const std::string& key, std::int64_t length,
                               const BlobSource& source) {
  const std::filesystem::path path = PathOf(key);
  const std::filesystem::path dir = path.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) ThrowDiskError("create directory", ec.value());

  // A name no reader looks for and no other writer picks, in the same directory as the target so
  // the rename is atomic.
  std::string temp_name(1, '.');  // not "." + ...: GCC 12 warns falsely (stringop-overflow)
  temp_name.append(path.filename().string()).append(".tmp-").append(NewId());
  const std::filesystem::path temp = dir / temp_name;
  FileDescriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640));
  if (fd.get() < 0) ThrowDiskError("create", errno);
  try {
    Sha256 hash;
    std::vector<char> buffer(kChunkBytes);
    std::int64_t written = 0;
    while (written < length) {
      size_t want = static_cast<size_t>(std::min<std::int64_t>(buffer.size(), length - written));
      size_t got = FillFrom(source, buffer.data(), want);
      if (got == 0) break;
      WriteAll(fd.get(), buffer.data(), got);
      hash.Update(std::string_view(buffer.data(), got));
      written += static_cast<std::int64_t>(got);
    }
    char extra = 0;
    if (written < length || FillFrom(source, &extra, 1) != 0) {
      throw ApiError(ErrorKind::kBadRequest, "Upload size does not match its announced " +
                                                 std::to_string(length) + " bytes");
    }
    if (::fsync(fd.get()) != 0) ThrowDiskError("fsync", errno);
    fd.CloseOrThrow();
    if (::rename(temp.c_str(), path.c_str()) != 0) ThrowDiskError("rename", errno);
    SyncDirectory(dir);
    return StoredBlob{written, hash.FinishHex()};
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
}

BlobRead LocalBlobStore::Get(const std::string& key, const std::optional<ByteRange>& range,
                             const BlobSink& sink) {
  const std::filesystem::path path = PathOf(key);
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) throw ApiError::NotFound("Media");
    ThrowDiskError("open", errno);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) ThrowDiskError("stat", errno);
  BlobRead read = ResolveRange(static_cast<std::int64_t>(info.st_size), range);

  std::vector<char> buffer(kChunkBytes);
  std::int64_t offset = read.first;
  while (offset <= read.last) {
    size_t want =
        static_cast<size_t>(std::min<std::int64_t>(buffer.size(), read.last - offset + 1));
    ssize_t n = ::pread(fd.get(), buffer.data(), want, offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowDiskError("read", errno);
    }
    if (n == 0) ThrowDiskError("read", EIO);  // the file shrank under us: it is being replaced
    if (!sink(std::string_view(buffer.data(), static_cast<size_t>(n)))) {
      throw ApiError(ErrorKind::kUnavailable, "Media download stopped by its reader");
    }
    offset += n;
  }
  return read;
}

void LocalBlobStore::Delete(const std::string& key) {
  const std::filesystem::path path = PathOf(key);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return;
    ThrowDiskError("delete", errno);
  }
  SyncDirectory(path.parent_path());
}

void LocalBlobStore::List(const std::function<void(const ListedBlob&)>& visit) {
  const std::filesystem::path users = root_ / "users";
  std::error_code ec;
  if (!std::filesystem::exists(users, ec)) return;
  std::filesystem::recursive_directory_iterator it(users, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    std::string key = it->path().lexically_relative(root_).generic_string();
    if (!IsValidBlobKey(key)) continue;  // not something we wrote
    struct stat info {};
    if (::lstat(it->path().c_str(), &info) != 0) continue;  // removed meanwhile
    visit(ListedBlob{std::move(key), static_cast<std::int64_t>(info.st_size),
                     std::chrono::system_clock::from_time_t(info.st_mtime)});
  }
  if (ec) ThrowDiskError("list media", ec.value());
}

std::optional<std::int64_t> LocalBlobStore::Size(const std::string& key) {
  const std::filesystem::path path = PathOf(key);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    ThrowDiskError("stat", errno);
  }
  return static_cast<std::int64_t>(info.st_size);
}

std::optional<std::string> LocalBlobStore::PresignedGetUrl(const std::string& key,
                                                           std::chrono::seconds) {
  CheckKey(key);
  return std::nullopt;
}

}  // namespace chronotrail
