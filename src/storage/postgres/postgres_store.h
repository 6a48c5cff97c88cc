// The scale-out record store: PostgreSQL through libpq, shared by any number of server instances.
//
// Every write is one statement on the primary (one implicit transaction, one round trip),
// committed and so durable before the method returns. A charged insert is a single statement too:
// the usage counter's conditional upsert and the record's insert in one, whose condition
// PostgreSQL re-checks on the newest row version when two instances race, so limits stay exact.
// Two writes need a transaction, both beginning by locking the user's row: a media upload (its
// duplicate check and storage quota read the user's other media) and deleting a user (which must
// see every media row to queue its bytes for deletion).
// Lists may be served by a read replica (DATABASE_READ_URL): they can then lag the primary by the
// replication delay, which is why reads that precede a write (FindVisit before an update) always
// use the primary.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "storage/postgres/pool.h"
#include "storage/record_store.h"

namespace chronotrail {

struct PostgresOptions {
  std::string conninfo;       // the primary
  std::string read_conninfo;  // a read replica for lists; empty: the primary
  int pool_size = 10;
  int statement_timeout_ms = 5000;
};

class PostgresStore : public RecordStore {
 public:
  explicit PostgresStore(const PostgresOptions& options);

  // Serialised across instances by an advisory lock, so concurrent `migrate` runs are safe.
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

  // Media, jobs and blob deletions: postgres_media.cpp.
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

  // Search index: postgres_search.cpp.
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
  std::vector<std::string> KnownPlaceNames(const std::string& user_id, int limit) override;
  ReindexCounts ReindexSearch(const std::string& embedder, ReindexMode mode) override;
  std::vector<std::string> CheckIntegrity() override;
  BlobKeys BlobKeysInUse() override;
  // pgvector, when the database has the extension and migration 7 gave search_docs its
  // `embedding` column: "pgvector <version>".
  std::optional<std::string> VectorSearchEngine() override;
  std::optional<std::vector<SearchHit>> NearestDocs(const std::string& user_id,
                                                    const std::string& embedder,
                                                    const std::vector<float>& query,
                                                    const SearchFilter& filter, int limit) override;

 private:
  // The pool lists read from.
  pg::Pool& ListPool() { return replica_ ? *replica_ : primary_; }

  pg::Pool primary_;
  std::unique_ptr<pg::Pool> replica_;

  // VectorSearchEngine(), looked up once (again after Migrate, which may add the column).
  std::mutex vector_engine_mu_;
  bool vector_engine_known_ = false;
  std::optional<std::string> vector_engine_;
};

}  // namespace chronotrail
