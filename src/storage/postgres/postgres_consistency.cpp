// PostgresStore's consistency checks (chronotrail fsck). PostgreSQL checks its own pages and
// indexes (checksums, amcheck for operators); the full-text vector is a generated column of the
// document, so it cannot differ from it. What is left to check is that the store answers.
#include "storage/postgres/postgres_store.h"

namespace chronotrail {

std::vector<std::string> PostgresStore::CheckIntegrity() {
  Ping();
  return {};
}

BlobKeys PostgresStore::BlobKeysInUse() {
  auto conn = primary_.Acquire();  // one statement: both lists from the same snapshot
  pg::Result r =
      conn->Query("SELECT blob_key, 0 FROM media UNION ALL SELECT blob_key, 1 FROM blob_deletions");
  BlobKeys keys;
  for (int row = 0; row < r.rows(); ++row) {
    (r.Int(row, 1) == 0 ? keys.media : keys.deleting).push_back(r.Text(row, 0));
  }
  return keys;
}

}  // namespace chronotrail
