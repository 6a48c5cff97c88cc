// `chronotrail reindex`: rebuilds the search index from the records, then computes the missing
// sentence vectors with a progress line. Safe while the server runs: the rebuild is one
// transaction, and vectors are stored in batches, so an interrupted run leaves a consistent index
// whose remaining vectors the server (or the next run) computes.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/runtime.h"

namespace chronotrail::cli {
namespace {

constexpr const char* kUsage = R"(Usage: chronotrail reindex [--embeddings]

Rebuilds the search index from the records (notes, visits, photos and voice notes of every
user) in one transaction: adds the documents that are missing, rewrites those that differ from
their record, removes those whose record is gone, and rebuilds the full-text index. Then
computes every missing sentence vector with the configured EMBEDDER, printing progress to
stderr. Vectors of unchanged texts are kept.

  --embeddings   Forget every vector first and compute them all again.

The server may keep running. Interrupting the vectors step loses nothing: the rest is computed
by the server in the background, or by running reindex again.

Exit codes: 0 done, 1 failure, 2 bad usage.
)";

std::string Duration(double seconds) {
  if (seconds < 90) return std::to_string(static_cast<int>(seconds + 0.5)) + " s";
  return std::to_string(static_cast<int>(seconds / 60 + 0.5)) + " min";
}

// Embeds everything pending, with a line of progress on stderr: rewritten in place on a
// terminal, a new line every 5 seconds otherwise (logs, CI).
std::int64_t EmbedAll(const SearchService& search, std::int64_t total) {
  using Clock = std::chrono::steady_clock;
  const bool tty = isatty(STDERR_FILENO) != 0;
  const auto start = Clock::now();
  auto last = start;
  std::int64_t done = 0;
  for (;;) {
    int n = search.EmbedPending(64);
    done += n;
    const auto now = Clock::now();
    const bool finished = n == 0;
    if (finished || now - last >= std::chrono::seconds(tty ? 1 : 5)) {
      last = now;
      double elapsed = std::chrono::duration<double>(now - start).count();
      double rate = elapsed > 0 ? done / elapsed : 0;
      std::string line =
          "reindex: vectors " + std::to_string(done) + "/" + std::to_string(std::max(total, done));
      line.append(" (").append(std::to_string(static_cast<int>(rate))).append("/s");
      if (!finished && rate > 0) {
        line.append(", about ").append(Duration((total - done) / rate)).append(" left");
      }
      line.append(")");
      std::cerr << (tty ? "\r" : "") << line << (tty && !finished ? "" : "\n") << std::flush;
    }
    if (finished) return done;
  }
}

}  // namespace

int Reindex(const Args& args, const Config& config) {
  bool all_vectors = false;
  for (const std::string& a : args) {
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (a != "--embeddings") {
      std::cerr << "reindex: unknown argument " << a << "\n\n" << kUsage;
      return 2;
    }
    all_vectors = true;
  }
  Runtime rt(config);
  const ai::Embedder* embedder = rt.search.embedder();
  if (all_vectors) rt.store->ClearDocVectors();
  const auto start = std::chrono::steady_clock::now();
  ReindexCounts c = rt.store->ReindexSearch(embedder ? embedder->Id() : "", ReindexMode::kRepair);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "reindex: " << c.documents << " documents; " << c.added << " added, " << c.updated
            << " rewritten, " << c.removed << " removed (" << Duration(seconds) << ")\n";
  if (!embedder) {
    std::cout << "reindex: no sentence encoder (EMBEDDER=none, or its model is missing)\n";
    return 0;
  }
  std::int64_t embedded = EmbedAll(rt.search, c.unembedded);
  std::cout << "reindex: " << embedded << " vectors computed with " << embedder->Id() << "\n";
  return 0;
}

}  // namespace chronotrail::cli
