// SqliteStore's consistency checks (chronotrail fsck): SQLite's own integrity check of the
// database file, the full-text table compared with the documents it indexes, and the blob keys
// the records account for.
#include "storage/sqlite/sqlite_store.h"

namespace chronotrail {

using sqlite::Cursor;

std::vector<std::string> SqliteStore::CheckIntegrity() {
  std::vector<std::string> problems;
  auto conn = readers_.Acquire();
  {
    Cursor check = conn->Query("PRAGMA integrity_check");
    while (check.Step()) {
      std::string line = check.Text(0);
      if (line != "ok") problems.push_back("database: " + line);
    }
  }
  // search_text keeps its own copy of each document's text: a row for every document, with the
  // document's body, and nothing else.
  Cursor text = conn->Query(
      "SELECT (SELECT count(*) FROM search_docs d WHERE NOT EXISTS"
      "        (SELECT 1 FROM search_text t WHERE t.rowid = d.doc)),"
      "       (SELECT count(*) FROM search_text t WHERE NOT EXISTS"
      "        (SELECT 1 FROM search_docs d WHERE d.doc = t.rowid)),"
      "       (SELECT count(*) FROM search_docs d JOIN search_text t ON t.rowid = d.doc"
      "        WHERE t.body IS NOT d.body)");
  if (text.Step()) {
    if (text.Int(0) > 0) {
      problems.push_back("full-text index: " + std::to_string(text.Int(0)) +
                         " documents are missing from it");
    }
    if (text.Int(1) > 0) {
      problems.push_back("full-text index: " + std::to_string(text.Int(1)) +
                         " rows belong to no document");
    }
    if (text.Int(2) > 0) {
      problems.push_back("full-text index: " + std::to_string(text.Int(2)) +
                         " rows hold another text than their document");
    }
  }
  return problems;
}

BlobKeys SqliteStore::BlobKeysInUse() {
  auto conn = readers_.Acquire();  // one read transaction: both lists from the same moment
  Cursor q =
      conn->Query("SELECT blob_key, 0 FROM media UNION ALL SELECT blob_key, 1 FROM blob_deletions");
  BlobKeys keys;
  while (q.Step()) (q.Int(1) == 0 ? keys.media : keys.deleting).push_back(q.Text(0));
  return keys;
}

}  // namespace chronotrail
