// `chronotrail fsck`: checks that the records, the search index and the media bytes agree, and
// repairs what can be repaired (services/consistency.h says what is checked).
#include <charconv>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "services/consistency.h"
#include "storage/open_blob_store.h"
#include "storage/open_store.h"

namespace chronotrail::cli {
namespace {

constexpr const char* kUsage = R"(Usage: chronotrail fsck [--check] [--min-age SECONDS]

Checks that the database, the search index and the media files agree, and repairs what it can:
  - the database file's integrity (SQLite; PostgreSQL checks its own);
  - the search index against the records: documents missing, stale or left by deleted records
    are rebuilt from the records;
  - media files no record accounts for (an upload cut short by a crash, a temporary file) are
    deleted, once older than --min-age;
  - media records whose file is missing are reported (they cannot be repaired here).
Progress goes to stderr, the findings to stdout. The server may keep running.

  --check            Only report; change nothing.
  --min-age SECONDS  How old an unaccounted media file must be before it counts as left over
                     rather than an upload in progress (default 3600).

Exit codes: 0 consistent (or every problem repaired), 1 problems remain (found by --check, or
unrepairable), 2 bad usage.
)";

struct FsckArgs {
  bool check_only = false;
  std::int64_t min_age_seconds = 3600;
};

// nullopt after printing why the arguments are wrong.
std::optional<FsckArgs> ParseArgs(const Args& args) {
  FsckArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--check") {
      parsed.check_only = true;
    } else if (a == "--min-age" && i + 1 < args.size()) {
      const std::string& v = args[++i];
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), parsed.min_age_seconds);
      if (ec != std::errc() || end != v.data() + v.size() || parsed.min_age_seconds < 0) {
        std::cerr << "fsck: --min-age wants a number of seconds, got " << v << "\n";
        return std::nullopt;
      }
    } else {
      std::cerr << "fsck: unknown argument " << a << "\n\n" << kUsage;
      return std::nullopt;
    }
  }
  return parsed;
}

void PrintKeys(const char* heading, const std::vector<std::string>& keys) {
  if (keys.empty()) return;
  std::cout << heading << ":\n";
  for (const std::string& key : keys) std::cout << "  " << key << "\n";
}

}  // namespace

int Fsck(const Args& args, const Config& config) {
  for (const std::string& a : args) {
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    }
  }
  std::optional<FsckArgs> parsed = ParseArgs(args);
  if (!parsed) return 2;

  std::unique_ptr<RecordStore> store = OpenRecordStore(config);
  store->Migrate();
  std::unique_ptr<BlobStore> blobs = OpenBlobStore(config);
  ConsistencyOptions options;
  options.repair = !parsed->check_only;
  options.min_blob_age = std::chrono::seconds(parsed->min_age_seconds);
  ConsistencyReport report = CheckConsistency(*store, *blobs, options, [](const std::string& line) {
    std::cerr << "fsck: " << line << "\n";
  });

  for (const std::string& problem : report.database_problems) std::cout << problem << "\n";
  PrintKeys(options.repair ? "media files deleted (no record accounts for them)"
                           : "media files no record accounts for",
            report.unaccounted_blobs);
  PrintKeys("media records whose file is missing", report.missing_blobs);
  const bool sound = report.Sound(options.repair);
  if (report.Consistent()) {
    std::cout << "fsck: consistent\n";
  } else if (sound) {
    std::cout << "fsck: repaired\n";
  } else {
    std::cout << "fsck: " << (options.repair ? "problems remain" : "problems found") << "\n";
  }
  return sound ? 0 : 1;
}

}  // namespace chronotrail::cli
