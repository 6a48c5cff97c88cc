// PostgresStore: media records, their processing queue, and bytes awaiting deletion.
// (Being written: until then every method reports the store as unable to serve media.)
#include "core/error.h"
#include "storage/postgres/postgres_store.h"

namespace chronotrail {
namespace {
[[noreturn]] void NotYet() {
  throw ApiError::Unavailable("Media on PostgreSQL");
}
}  // namespace

MediaInsert PostgresStore::InsertMedia(const Media&, const UsageCharge&, std::int64_t) {
  NotYet();
}
std::optional<Media> PostgresStore::FindMedia(const std::string&, const std::string&) {
  NotYet();
}
std::optional<Media> PostgresStore::FindMediaByHash(const std::string&, const std::string&) {
  NotYet();
}
PageOf<Media> PostgresStore::ListMedia(const std::string&, std::optional<MediaType>,
                                       const TimeRange&, const PageRequest&) {
  NotYet();
}
std::int64_t PostgresStore::StorageUsed(const std::string&) {
  NotYet();
}
bool PostgresStore::DeleteMedia(const std::string&, const std::string&) {
  NotYet();
}
std::optional<MediaJob> PostgresStore::ClaimMediaJob(Micros, Micros) {
  return std::nullopt;
}
bool PostgresStore::CompleteMediaJob(const Media&) {
  NotYet();
}
void PostgresStore::RetryMediaJob(const std::string&, Micros, const std::string&) {
  NotYet();
}
std::vector<std::string> PostgresStore::PendingBlobDeletions(int) {
  return {};
}
void PostgresStore::ForgetBlobDeletion(const std::string&) {
  NotYet();
}

}  // namespace chronotrail
