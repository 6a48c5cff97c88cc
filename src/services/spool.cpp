#include "services/spool.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/ids.h"

namespace chronotrail {

int CreateSpoolFile(const std::filesystem::path& dir, std::string_view prefix,
                    std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  path = dir / (std::string(prefix) + NewId());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return -1;
  // A new name nobody else opens: the lock is free, and only a sweep could ever be waiting.
  if (::flock(fd, LOCK_EX) != 0) {
    int error = errno;
    ::close(fd);
    std::filesystem::remove(path, ec);
    errno = error;
    return -1;
  }
  return fd;
}

int SweepSpool(const std::filesystem::path& dir) {
  int removed = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    // Unlocked: its owner is gone. Removed while still locked here, so no owner can appear.
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      std::error_code ignored;
      if (std::filesystem::remove(it->path(), ignored)) ++removed;
    }
    ::close(fd);
  }
  return removed;
}

}  // namespace chronotrail
