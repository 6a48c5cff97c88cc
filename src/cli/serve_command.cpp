#include <sys/resource.h>

#include <filesystem>
#include <iostream>

#include "api/routes.h"
#include "cli/commands.h"
#include "cli/runtime.h"
#include "core/log.h"
#include "http/dispatcher.h"
#include "http/server.h"
#include "services/spool.h"

namespace chronotrail::cli {
namespace {

// Where semantic search measures vectors, said once at start: an operator on PostgreSQL learns
// whether pgvector was found (RDS offers it; without it the server scans each user's vectors).
void LogVectorSearch(const Config& config, RecordStore& store) {
  std::optional<std::string> engine = store.VectorSearchEngine();
  std::string message;
  if (engine) {
    message = "vector search in PostgreSQL (";
    message.append(*engine).append(")");
  } else if (config.UsesPostgres()) {
    message = "no pgvector: vectors scanned in the server";
  } else {
    message = "vectors scanned in the server";
  }
  Log(LogLevel::kInfo, "vector_search",
      {{"in_database", engine.has_value()},
       {"engine", engine.value_or("server scan")},
       {"message", message}});
}

// The routes `serve` serves; `routes` lists the same.
void AddServedRoutes(http::Router& router, Runtime& rt, const Config& config,
                     const http::Metrics& metrics) {
  api::AddRoutes(router, {config, rt.accounts, rt.timeline, rt.media, rt.query, rt.usage, rt.status,
                          rt.user_data, metrics});
}

const char* AccessName(http::Access access) {
  switch (access) {
    case http::Access::kPublic:
      return "public";
    case http::Access::kAuthenticated:
      return "user";
    case http::Access::kAdmin:
      return "admin";
  }
  return "?";
}

}  // namespace

int Routes(const Args& args, const Config& config) {
  if (!args.empty()) {
    std::cout << "Usage: chronotrail routes\n\n"
                 "Prints the route table `serve` would serve with this configuration, one route a\n"
                 "line: method, path pattern ({name} is a path parameter) and who may call it\n"
                 "(public, user: any signed-in user, admin: operators). HEAD is served by GET.\n";
    return args[0] == "-h" || args[0] == "--help" ? 0 : 2;
  }
  SetLogLevel(LogLevel::kError);
  Runtime rt(config);
  http::Metrics metrics;
  http::Router router;
  AddServedRoutes(router, rt, config, metrics);
  for (const http::Route& route : router.routes()) {
    std::cout << route.method << ' ' << route.pattern << ' ' << AccessName(route.access) << '\n';
  }
  return 0;
}

namespace {

// Every connection costs a file descriptor, and the usual soft limit (1,024) is far below what a
// server may hold open (idle keep-alive clients alone); the hard limit is the operator's choice.
std::uint64_t RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return static_cast<std::uint64_t>(limit.rlim_cur);
}

}  // namespace

int Serve(const Args& args, const Config& config) {
  if (!args.empty()) {
    std::cout << "Usage: chronotrail serve\n\n"
                 "Runs the HTTP server with the configuration from the environment (see\n"
                 "`chronotrail settings`). Applies pending database migrations first. Logs one\n"
                 "JSON line per event on stdout; SIGTERM or SIGINT stops it gracefully.\n";
    return args[0] == "-h" || args[0] == "--help" ? 0 : 2;
  }
  SetLogLevel(config.log_level);
  Runtime rt(config);
  http::Metrics metrics;
  http::Router router;
  AddServedRoutes(router, rt, config, metrics);
  std::unique_ptr<http::Dispatcher> dispatcher;
  try {
    dispatcher = std::make_unique<http::Dispatcher>(router, rt.accounts, metrics, config);
  } catch (const std::invalid_argument& e) {
    std::cerr << "chronotrail: invalid setting TRUSTED_PROXIES: " << e.what() << "\n";
    return 2;
  }
  // Uploads and fetches cut short by a crash left their spool files; nobody else will remove them.
  if (int swept = SweepSpool(std::filesystem::path(config.data_dir) / "spool"); swept > 0) {
    Log(LogLevel::kInfo, "spool_swept", {{"files", swept}});
  }
  LogVectorSearch(config, *rt.store);
  const std::uint64_t open_files = RaiseOpenFileLimit();
  http::Server server(config, *dispatcher);
  unsigned short port = server.Listen();
  Log(LogLevel::kInfo, "listening",
      {{"host", config.host},
       {"port", port},
       {"threads", config.http_threads},
       {"data_dir", config.data_dir},
       {"database", config.DatabaseForLogs()},
       {"migrations_applied", rt.migrations_applied},
       {"embedder", rt.embedder ? rt.embedder->Id() : "none"},
       {"answer_writer", rt.answer_writer ? rt.answer_writer->Id() : "extractive"},
       // Which media providers, never their keys.
       {"media_providers",
        {{"transcriber", config.providers.transcriber},
         {"photo_describer", config.providers.photo_describer},
         {"photo_text", config.providers.photo_text},
         {"photo_labels", config.providers.photo_labels}}},
       {"open_files_limit", open_files},
       {"version", CHRONOTRAIL_VERSION}});
  std::cerr << "ChronoTrail listening on http://" << config.host << ":" << port << "\n"
            << "Get a token: CHRONOTRAIL_DATA_DIR=" << config.data_dir
            << " chronotrail token create --email you@example.com\n";
  rt.media_jobs.Start(config.media_workers);
  rt.search.StartBackground();
  server.Run();
  rt.search.Stop();
  rt.media_jobs.Stop();
  Log(LogLevel::kInfo, "stopped", {});
  return 0;
}

}  // namespace chronotrail::cli
