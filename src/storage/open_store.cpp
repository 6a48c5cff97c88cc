#include "storage/open_store.h"

#include <filesystem>

#include "storage/sqlite/sqlite_store.h"

namespace chronotrail {

std::unique_ptr<RecordStore> OpenRecordStore(const Config& config) {
  std::filesystem::path path = config.SqlitePath();
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  return std::make_unique<SqliteStore>(path.string(), config.http_threads + 1);
}

}  // namespace chronotrail
