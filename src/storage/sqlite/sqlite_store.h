// The embedded record store: one SQLite file in WAL mode.
//
// Writes go through a single connection (SQLite allows one writer at a time anyway, and one
// connection keeps its prepared statements hot), grouped so that writes arriving during a commit
// share the next one (GroupCommit); reads use a pool of connections and run in parallel with the
// writer. Every commit is fsynced (synchronous=FULL) before a method returns, so an acknowledged
// write survives a crash.
#pragma once

#include <string>

#include "storage/record_store.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/group_commit.h"

namespace chronotrail {

class SqliteStore : public RecordStore {
 public:
  // Opens the database file at `path` with `readers` pooled read connections.
  SqliteStore(const std::string& path, int readers);

  int Migrate() override;
  void Ping() override;

  User FindOrCreateUser(const User& fresh) override;
  std::optional<User> FindUser(const std::string& user_id) override;
  std::optional<User> FindUserBySignIn(const std::string& auth_issuer,
                                       const std::string& auth_subject) override;
  bool UpdateUser(const User& user) override;
  std::vector<User> ListUsers() override;
  std::vector<User> FindUsersByEmail(const std::string& email) override;
  bool DeleteUser(const std::string& user_id) override;

  DailyUsage GetUsage(const std::string& user_id, const std::string& day) override;
  void CarryUsage(const std::string& user_id, const std::string& from_day,
                  const std::string& to_day) override;
  ChargeResult ChargeUsage(const std::string& user_id, const UsageCharge& charge) override;

  ChargeResult InsertVisit(const Visit& visit, const UsageCharge& charge) override;
  std::optional<Visit> FindVisit(const std::string& user_id, const std::string& id) override;
  PageOf<Visit> ListVisits(const std::string& user_id, const TimeRange& range,
                           const PageRequest& page) override;
  bool UpdateVisit(const Visit& visit) override;
  bool DeleteVisit(const std::string& user_id, const std::string& id) override;

  ChargeResult InsertNote(const Note& note, const UsageCharge& charge) override;
  std::optional<Note> FindNote(const std::string& user_id, const std::string& id) override;
  PageOf<Note> ListNotes(const std::string& user_id, const TimeRange& range,
                         const PageRequest& page) override;
  bool UpdateNote(const Note& note) override;
  bool DeleteNote(const std::string& user_id, const std::string& id) override;

  // Media, jobs and blob deletions: sqlite_media.cpp.
  MediaInsert InsertMedia(const Media& media, const UsageCharge& charge,
                          std::int64_t storage_limit) override;
  std::optional<Media> FindMedia(const std::string& user_id, const std::string& id) override;
  std::optional<Media> FindMediaByHash(const std::string& user_id,
                                       const std::string& sha256) override;
  PageOf<Media> ListMedia(const std::string& user_id, std::optional<MediaType> type,
                          const TimeRange& range, const PageRequest& page) override;
  std::int64_t StorageUsed(const std::string& user_id) override;
  bool DeleteMedia(const std::string& user_id, const std::string& id) override;
  std::optional<MediaJob> ClaimMediaJob(Micros now, Micros lease_until) override;
  bool CompleteMediaJob(const Media& processed) override;
  void RetryMediaJob(const std::string& media_id, Micros run_after,
                     const std::string& error) override;
  void PostponeMediaJob(const std::string& media_id, Micros run_after) override;
  std::vector<std::string> PendingBlobDeletions(int limit) override;
  void ForgetBlobDeletion(const std::string& blob_key) override;

  std::optional<std::string> FindQuerySession(const std::string& user_id,
                                              const std::string& session_id, Micros now) override;
  void SaveQuerySession(const std::string& user_id, const std::string& session_id,
                        const std::string& context, Micros expires_at, Micros now) override;

  // Search index: sqlite_search.cpp.
  std::vector<SearchHit> SearchText(const std::string& user_id,
                                    const std::vector<std::string>& terms, TermMatch match,
                                    const SearchFilter& filter, int limit) override;
  std::vector<SearchHit> MatchingDocs(const std::string& user_id,
                                      const std::vector<std::string>& terms, TermMatch match,
                                      const SearchFilter& filter, int limit) override;
  std::vector<DocVector> DocVectors(const std::string& user_id,
                                    const std::string& embedder) override;
  std::int64_t SearchRevision(const std::string& user_id) override;
  std::vector<UnembeddedDoc> UnembeddedDocs(const std::string& embedder,
                                            const std::optional<std::string>& user_id,
                                            int limit) override;
  void SetDocVectors(const std::string& embedder,
                     const std::vector<std::pair<UnembeddedDoc, std::string>>& vectors) override;
  void ClearDocVectors() override;
  // SQLite has no vector search of its own: the search service scans DocVectors.
  std::optional<std::string> VectorSearchEngine() override { return std::nullopt; }
  std::optional<std::vector<SearchHit>> NearestDocs(const std::string&, const std::string&,
                                                    const std::vector<float>&, const SearchFilter&,
                                                    int) override {
    return std::nullopt;
  }
  std::vector<std::string> KnownPlaceNames(const std::string& user_id, int limit) override;
  ReindexCounts ReindexSearch(const std::string& embedder, ReindexMode mode) override;
  std::vector<std::string> CheckIntegrity() override;
  BlobKeys BlobKeysInUse() override;

 private:
  // Applies pending migrations on `conn` (the writer, used exclusively).
  int MigrateOn(sqlite::Connection& conn);

  sqlite::Connection writer_;
  sqlite::GroupCommit commit_{writer_};
  sqlite::Pool readers_;
};

}  // namespace chronotrail
