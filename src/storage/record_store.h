// RecordStore: the source of truth for users, location visits, text notes, media records and
// their processing queue.
//
// Every method that touches a user's records takes that user's id and filters by it inside the
// query itself: a record of another user behaves exactly as one that does not exist. Callers
// (services) own validation; the store owns persistence and isolation.
//
// Errors: a dependency failure (database unreachable, disk full, busy beyond the timeout) throws
// ApiError with ErrorKind::kUnavailable. A method returns normally only once its write is durable.
//
// Thread safety: all methods may be called from any number of threads at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"

namespace chronotrail {

// What a daily counter counts.
enum class UsageKind { kContent = 0, kQuery = 1, kVisit = 2 };

// A charge against one of a user's daily counters, made in the same transaction as the write it
// counts: the write happens only if the counter stays within `limit` (kUnlimited: no bound).
struct UsageCharge {
  std::string day;  // the user's local day, YYYY-MM-DD
  UsageKind kind = UsageKind::kContent;
  std::int64_t limit = -1;
};

// The outcome of a charged write: `accepted` false means the limit was reached and nothing was
// written; `used` is the counter after the write (or as found, when refused).
struct ChargeResult {
  bool accepted = false;
  std::int64_t used = 0;
};

// A user's counters for one day.
struct DailyUsage {
  std::int64_t content = 0;
  std::int64_t queries = 0;
  std::int64_t visits = 0;
};

// The outcome of InsertMedia: stored, refused by the daily counter or by the storage quota, or a
// duplicate of media the user already has (same bytes), which is returned instead.
struct MediaInsert {
  enum class Outcome { kInserted, kOverDailyLimit, kOverStorage, kDuplicate };
  Outcome outcome = Outcome::kInserted;
  std::int64_t used = 0;          // the daily counter (kInserted, kOverDailyLimit)
  std::int64_t storage_used = 0;  // the user's stored bytes, this upload included when inserted
  std::optional<Media> existing;  // kDuplicate
};

// A claimed processing job: the media to process and how many times it has been tried.
struct MediaJob {
  std::string media_id;
  std::string user_id;
  int attempts = 0;  // this claim included
};

// --- the search index: one document per visit, note, photo and voice note, kept by the store
// in the same transaction as the record (its text for full-text search), and its sentence
// vector, added by the search service after the write (SetDocVectors). ---

// Which documents a search may return.
struct SearchFilter {
  TimeRange range;
  std::vector<std::string> kinds;  // "visit", "note", "photo", "voice"; empty: all
  // A box the document's coordinates must lie in (documents without coordinates are excluded).
  struct Box {
    double min_latitude, max_latitude, min_longitude, max_longitude;
    bool operator==(const Box&) const = default;
  };
  std::optional<Box> box;
};

// Which of a search's terms a document must contain.
enum class TermMatch { kAny, kAll };

struct SearchHit {
  std::string record_id;
  std::string kind;
  Micros timestamp = 0;
  // Higher is better. Full text: BM25 (SQLite) or ts_rank_cd (PostgreSQL); nearest vectors:
  // the cosine similarity with the query; newest-first lists: 0.
  double score = 0;
};

// A document's vector with what filtering needs.
struct DocVector {
  std::string record_id;
  std::string kind;
  Micros timestamp = 0;
  std::optional<Coordinates> coordinates;
  std::string vector;  // ai::EncodeVectorBlob layout
};

// A document whose vector is missing or from another embedder.
struct UnembeddedDoc {
  std::string record_id;
  std::string user_id;
  std::string body;
};

// Whether ReindexSearch keeps its repairs or only counts them (and leaves the index as it was).
enum class ReindexMode { kRepair, kDryRun };

// What a rebuild of the search index found and repaired (ReindexSearch).
struct ReindexCounts {
  std::int64_t added = 0;       // records that had no document
  std::int64_t updated = 0;     // documents whose text, time, place or owner was not the record's
  std::int64_t removed = 0;     // documents of records that no longer exist
  std::int64_t documents = 0;   // documents after the rebuild
  std::int64_t unembedded = 0;  // of those, documents without a vector of the given embedder
};

// The objects of the blob store that records account for (BlobKeysInUse).
struct BlobKeys {
  std::vector<std::string> media;     // the bytes of a media record
  std::vector<std::string> deleting;  // queued for deletion; the bytes may be gone already
};

class RecordStore {
 public:
  virtual ~RecordStore() = default;

  // Brings the schema to the newest version. Safe to call on an up-to-date store; returns the
  // number of migrations applied.
  virtual int Migrate() = 0;

  // Throws kUnavailable unless the store answers a trivial query.
  virtual void Ping() = 0;

  // --- users ---
  // Returns the user known by (auth_issuer, auth_subject), creating it from `fresh` (whose id and
  // times are used) when there is none.
  virtual User FindOrCreateUser(const User& fresh) = 0;
  virtual std::optional<User> FindUser(const std::string& user_id) = 0;
  // The user known by (auth_issuer, auth_subject), if any: a read, for the sign-in of every
  // request, where FindOrCreateUser would be a write.
  virtual std::optional<User> FindUserBySignIn(const std::string& auth_issuer,
                                               const std::string& auth_subject) = 0;
  // Replaces the profile fields (display name, time zone, tier, expiry, email, updated_at).
  // Returns false when the user does not exist.
  virtual bool UpdateUser(const User& user) = 0;
  // Every user, oldest first (for operators).
  virtual std::vector<User> ListUsers() = 0;
  // The users with this email (lower-case), oldest first: one per sign-in provider.
  virtual std::vector<User> FindUsersByEmail(const std::string& email) = 0;
  // Removes the user and everything that is theirs (records, counters, media records) in one
  // transaction, queueing their media bytes for deletion (PendingBlobDeletions).
  // Returns false when there was no such user.
  virtual bool DeleteUser(const std::string& user_id) = 0;

  // --- daily usage ---
  virtual DailyUsage GetUsage(const std::string& user_id, const std::string& day) = 0;
  // Raises the counters of `to_day` to at least those of `from_day` (a user changing time zone
  // lands on another calendar day and must not find fresh counters there).
  virtual void CarryUsage(const std::string& user_id, const std::string& from_day,
                          const std::string& to_day) = 0;
  // A charge with no write of its own (a question asked).
  virtual ChargeResult ChargeUsage(const std::string& user_id, const UsageCharge& charge) = 0;

  // --- location visits ---
  // Inserts the visit if `charge` allows it (see UsageCharge).
  virtual ChargeResult InsertVisit(const Visit& visit, const UsageCharge& charge) = 0;
  virtual std::optional<Visit> FindVisit(const std::string& user_id, const std::string& id) = 0;
  // Newest visit_time first.
  virtual PageOf<Visit> ListVisits(const std::string& user_id, const TimeRange& range,
                                   const PageRequest& page) = 0;
  // Replaces every mutable field of the visit with `visit.id` owned by `visit.user_id`.
  virtual bool UpdateVisit(const Visit& visit) = 0;
  virtual bool DeleteVisit(const std::string& user_id, const std::string& id) = 0;

  // --- text notes ---
  virtual ChargeResult InsertNote(const Note& note, const UsageCharge& charge) = 0;
  virtual std::optional<Note> FindNote(const std::string& user_id, const std::string& id) = 0;
  // Newest timestamp first.
  virtual PageOf<Note> ListNotes(const std::string& user_id, const TimeRange& range,
                                 const PageRequest& page) = 0;
  virtual bool UpdateNote(const Note& note) = 0;
  virtual bool DeleteNote(const std::string& user_id, const std::string& id) = 0;

  // --- media (photos, voice notes) ---
  // Inserts the media record with a pending processing job, if `charge` allows it and the user's
  // stored bytes stay within `storage_limit` bytes (kUnlimited: no bound); all one transaction.
  virtual MediaInsert InsertMedia(const Media& media, const UsageCharge& charge,
                                  std::int64_t storage_limit) = 0;
  virtual std::optional<Media> FindMedia(const std::string& user_id, const std::string& id) = 0;
  virtual std::optional<Media> FindMediaByHash(const std::string& user_id,
                                               const std::string& sha256) = 0;
  // Newest timestamp first; `type` nullopt: both kinds.
  virtual PageOf<Media> ListMedia(const std::string& user_id, std::optional<MediaType> type,
                                  const TimeRange& range, const PageRequest& page) = 0;
  // The sum of the sizes of the user's media.
  virtual std::int64_t StorageUsed(const std::string& user_id) = 0;
  // Removes the record and its job, and queues its bytes for deletion (PendingBlobDeletions) in
  // the same transaction, so a crash never leaves bytes without a way to find them.
  virtual bool DeleteMedia(const std::string& user_id, const std::string& id) = 0;

  // --- processing jobs (a durable queue: one row per media awaiting processing) ---
  // Takes the oldest job that is due (run_after <= now) and not leased, leasing it until
  // `lease_until` and counting the attempt; nullopt when none is due. A job whose worker died is
  // taken again once its lease has passed.
  virtual std::optional<MediaJob> ClaimMediaJob(Micros now, Micros lease_until) = 0;
  // Stores what processing found (status, text, description, facts, and timestamp/place when
  // EXIF supplied them) and removes the job, in one transaction. False: the media is gone.
  virtual bool CompleteMediaJob(const Media& processed) = 0;
  // Releases the job to be tried again at `run_after`, keeping `error` for operators.
  virtual void RetryMediaJob(const std::string& media_id, Micros run_after,
                             const std::string& error) = 0;
  // Releases the job to run again at `run_after` without counting this claim as an attempt: the
  // analyzer is waiting for a remote provider's asynchronous work (AnalysisPending), which is
  // progress, not failure.
  virtual void PostponeMediaJob(const std::string& media_id, Micros run_after) = 0;

  // --- bytes to delete (media removed from the records; the worker deletes the bytes) ---
  virtual std::vector<std::string> PendingBlobDeletions(int limit) = 0;
  virtual void ForgetBlobDeletion(const std::string& blob_key) = 0;

  // --- question sessions (services/query_sessions.h) ---
  // The context saved for the user's session, unless it expired before `now`.
  virtual std::optional<std::string> FindQuerySession(const std::string& user_id,
                                                      const std::string& session_id,
                                                      Micros now) = 0;
  // Saves (or replaces) the session's context until `expires_at` and drops every session that
  // expired before `now`. Nothing is saved for a user who no longer exists.
  virtual void SaveQuerySession(const std::string& user_id, const std::string& session_id,
                                const std::string& context, Micros expires_at, Micros now) = 0;

  // --- search ---
  // The user's documents with any (or all) of `terms` (each matched as a word, stemmed), best
  // first; with no terms, the newest documents that pass the filter.
  virtual std::vector<SearchHit> SearchText(const std::string& user_id,
                                            const std::vector<std::string>& terms, TermMatch match,
                                            const SearchFilter& filter, int limit) = 0;
  // The same documents unranked, in no order, up to `limit` (score 0): for counting them and
  // finding the first and last, where ranking each would be the cost.
  virtual std::vector<SearchHit> MatchingDocs(const std::string& user_id,
                                              const std::vector<std::string>& terms,
                                              TermMatch match, const SearchFilter& filter,
                                              int limit) = 0;
  // Every vector of the user from `embedder`.
  virtual std::vector<DocVector> DocVectors(const std::string& user_id,
                                            const std::string& embedder) = 0;
  // A number that changes whenever the user's documents do (for caches of DocVectors).
  virtual std::int64_t SearchRevision(const std::string& user_id) = 0;
  // Documents without a vector of `embedder` (all users; or one user when `user_id` is set).
  virtual std::vector<UnembeddedDoc> UnembeddedDocs(const std::string& embedder,
                                                    const std::optional<std::string>& user_id,
                                                    int limit) = 0;
  // Stores vectors for documents whose body is still the one embedded (an edit meanwhile wins).
  virtual void SetDocVectors(const std::string& embedder,
                             const std::vector<std::pair<UnembeddedDoc, std::string>>& vectors) = 0;
  // Forgets every vector (a new embedder): all documents become unembedded.
  virtual void ClearDocVectors() = 0;
  // What answers NearestDocs inside the database, e.g. "pgvector 0.8.7"; nullopt when the store
  // has no vector search of its own and callers scan DocVectors themselves. Decided by the schema
  // (PostgreSQL with the `vector` extension when migrated), so it is the same for the store's life.
  virtual std::optional<std::string> VectorSearchEngine() = 0;
  // The user's `limit` documents with a vector from `embedder` nearest to `query` by cosine
  // distance among those that pass `filter`, nearest first (score: the cosine similarity). Exact,
  // not approximate. Documents whose vector has another dimension than `query` are skipped.
  // nullopt when VectorSearchEngine() is nullopt.
  virtual std::optional<std::vector<SearchHit>> NearestDocs(const std::string& user_id,
                                                            const std::string& embedder,
                                                            const std::vector<float>& query,
                                                            const SearchFilter& filter,
                                                            int limit) = 0;
  // The names of places in the user's visits, most visited first.
  virtual std::vector<std::string> KnownPlaceNames(const std::string& user_id, int limit) = 0;
  // Rebuilds the search index from the records, in one transaction: documents are added for
  // records that lack one, rewritten where they differ from their record (a changed text loses
  // its vector), removed where their record is gone, and the full-text index is rebuilt from
  // them. Vectors of unchanged texts are kept. `embedder` only names the vectors to count.
  // kDryRun counts the same repairs and undoes them (the full-text index is not rebuilt).
  virtual ReindexCounts ReindexSearch(const std::string& embedder, ReindexMode mode) = 0;

  // --- consistency (chronotrail fsck) ---
  // What is wrong with the database itself: damaged pages or indexes, a full-text index that
  // differs from its documents; one line per problem, empty when sound. Reads only.
  virtual std::vector<std::string> CheckIntegrity() = 0;
  // The blob keys the records account for, of all users.
  virtual BlobKeys BlobKeysInUse() = 0;
};

}  // namespace chronotrail
