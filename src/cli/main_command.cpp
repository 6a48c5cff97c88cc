#include <iostream>
#include <map>

#include "cli/commands.h"

namespace chronotrail::cli {
namespace {

constexpr const char* kUsage = R"(ChronoTrail — personal timeline API server

Usage: chronotrail [--env-file FILE] COMMAND [ARGS...]

Commands:
  serve            Run the HTTP server (applies database migrations first).
  routes           List the server's routes: method, path and who may call each.
  migrate          Apply database migrations and exit.
  reindex          Rebuild the search index from the records, then missing vectors (progress).
  fsck             Check that records, search index and media files agree; repair (--check:
                   report only).
  token create     Create a local user if needed and print a bearer token for it.
  user             List users, show one, or change a user's tier (see `user --help`).
  settings         List every configuration setting with its default.
  nlp time         Resolve English time expressions (see `nlp --help`); --jsonl reads stdin.
  nlp question     Read timeline questions: intent, time, places, keywords (--jsonl, stdin).
  media analyze    Describe photos and voice notes offline, one JSON line per file (see
                   `media --help`).
  nlp embed        Sentence vectors (USE-Lite, 512 floats) for JSON lines on stdin; --bench.

Options:
  --env-file FILE  Read settings from FILE (KEY=VALUE lines); the environment overrides it.
  --version        Print the version.
  -h, --help       Show this help; `chronotrail COMMAND --help` shows a command's help.

Configuration comes from environment variables (see `chronotrail settings`).
)";

}  // namespace

int Main(int argc, char** argv, char** environ) {
  Args args(argv + 1, argv + argc);
  std::string env_file;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--version") {
      std::cout << "chronotrail " CHRONOTRAIL_VERSION "\n";
      return 0;
    } else if (a == "--env-file" && i + 1 < args.size()) {
      env_file = args[++i];
    } else if (a.rfind("--env-file=", 0) == 0) {
      env_file = a.substr(11);
    } else {
      break;
    }
  }
  if (i == args.size()) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = args[i];
  Args rest(args.begin() + i + 1, args.end());

  using Command = int (*)(const Args&, const Config&);
  static const std::map<std::string, Command> commands = {
      {"serve", Serve},       {"routes", Routes}, {"migrate", Migrate}, {"token", Token},
      {"settings", Settings}, {"user", Users},    {"nlp", Nlp},         {"media", Media},
      {"reindex", Reindex},   {"fsck", Fsck}};
  auto it = commands.find(command);
  if (it == commands.end()) {
    std::cerr << "chronotrail: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
  }
  Config config;
  bool wants_help = !rest.empty() && (rest[0] == "-h" || rest[0] == "--help");
  if (wants_help) return it->second(rest, config);  // help never depends on the settings
  try {
    std::map<std::string, std::string> file_values;
    if (!env_file.empty()) file_values = ReadEnvFile(env_file);
    config = LoadConfig(file_values, environ);
  } catch (const ConfigError& e) {
    std::cerr << "chronotrail: " << e.what() << "\n";
    return 2;
  }
  try {
    return it->second(rest, config);
  } catch (const std::exception& e) {
    std::cerr << "chronotrail " << command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace chronotrail::cli
