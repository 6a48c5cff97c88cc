#include "storage/blob/blob_store.h"

#include <algorithm>
#include <fstream>

#include "core/error.h"

namespace chronotrail {
namespace {

constexpr size_t kMaxComponentLength = 128;

bool IsValidComponent(std::string_view c) {
  if (c.empty() || c.size() > kMaxComponentLength || c == "." ||
      c.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(c.begin(), c.end(), [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-' || ch == '.';
  });
}

}  // namespace

std::string BlobKey(std::string_view user_id, std::string_view kind, std::string_view file_id) {
  for (std::string_view component : {user_id, kind, file_id}) {
    if (!IsValidComponent(component)) {
      throw ApiError(ErrorKind::kBadRequest, "Invalid media key component");
    }
  }
  std::string key = "users/";
  key.append(user_id).append("/").append(kind).append("/").append(file_id);
  return key;
}

bool IsValidBlobKey(std::string_view key) {
  constexpr std::string_view kPrefix = "users/";
  if (key.substr(0, kPrefix.size()) != kPrefix) return false;
  key.remove_prefix(kPrefix.size());
  int components = 0;
  while (true) {
    size_t slash = key.find('/');
    if (!IsValidComponent(key.substr(0, slash))) return false;
    ++components;
    if (slash == std::string_view::npos) break;
    key.remove_prefix(slash + 1);
  }
  return components == 3;
}

void BlobStore::PutFile(const std::string& key, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!in || ec) {
    throw ApiError(ErrorKind::kUnavailable, "Media storage: cannot read " + path.string());
  }
  Put(key, static_cast<std::int64_t>(size), [&](char* buffer, size_t capacity) {
    in.read(buffer, static_cast<std::streamsize>(capacity));
    return static_cast<size_t>(in.gcount());
  });
}

std::optional<std::filesystem::path> BlobStore::LocalPath(const std::string&) {
  return std::nullopt;
}

BlobRead ResolveRange(std::int64_t total_size, const std::optional<ByteRange>& range) {
  BlobRead read;
  read.total_size = total_size;
  if (!range) {
    read.first = 0;
    read.last = total_size - 1;
    return read;
  }
  if (range->first < 0 || (range->last && *range->last < range->first)) {
    throw ApiError(ErrorKind::kRangeNotSatisfiable, "Invalid byte range");
  }
  if (range->first >= total_size) {
    throw ApiError(ErrorKind::kRangeNotSatisfiable,
                   "Byte range starts at " + std::to_string(range->first) + " of an object of " +
                       std::to_string(total_size) + " bytes");
  }
  read.first = range->first;
  read.last = std::min(range->last.value_or(total_size - 1), total_size - 1);
  return read;
}

}  // namespace chronotrail
