#include <iostream>

#include "cli/commands.h"
#include "storage/open_store.h"

namespace chronotrail::cli {

int Migrate(const Args& args, const Config& config) {
  if (!args.empty()) {
    std::cout << "Usage: chronotrail migrate\n\n"
                 "Brings the database named by DATABASE_URL (default: the SQLite file in\n"
                 "CHRONOTRAIL_DATA_DIR) to the newest schema. Safe to run repeatedly and from\n"
                 "several processes at once.\n";
    return args[0] == "-h" || args[0] == "--help" ? 0 : 2;
  }
  auto store = OpenRecordStore(config);
  int applied = store->Migrate();
  std::cout << "migrate: " << applied << " migration(s) applied; schema is up to date\n";
  return 0;
}

}  // namespace chronotrail::cli
