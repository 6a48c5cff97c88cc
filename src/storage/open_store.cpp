#include "storage/open_store.h"

#include <filesystem>

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace chronotrail {

std::unique_ptr<RecordStore> OpenRecordStore(const Config& config) {
  if (config.UsesPostgres()) {
    PostgresOptions options;
    options.conninfo = config.PostgresConninfo();
    options.read_conninfo = config.database_read_url;
    options.pool_size = config.db_pool_size;
    options.statement_timeout_ms = config.db_statement_timeout_ms;
    return std::make_unique<PostgresStore>(options);
  }
  std::filesystem::path path = config.SqlitePath();
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  // Readers: a question reads on two threads at once (services/search.h), and one spare.
  return std::make_unique<SqliteStore>(path.string(), 2 * config.http_threads + 1);
}

}  // namespace chronotrail
