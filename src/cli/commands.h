// The `chronotrail` command line: one function per subcommand. Each receives its own arguments
// (after the subcommand name) and the loaded configuration, and returns the process exit code:
// 0 success, 1 failure at run time, 2 bad usage or configuration.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"

namespace chronotrail::cli {

using Args = std::vector<std::string>;

int Serve(const Args& args, const Config& config);
// `routes` (serve_command.cpp): the route table `serve` would serve with this configuration.
int Routes(const Args& args, const Config& config);
int Migrate(const Args& args, const Config& config);
int Token(const Args& args, const Config& config);
int Settings(const Args& args, const Config& config);
int Users(const Args& args, const Config& config);
int Nlp(const Args& args, const Config& config);
int Media(const Args& args, const Config& config);
int Reindex(const Args& args, const Config& config);
// `fsck` (fsck_command.cpp): consistency of records, search index and media files.
int Fsck(const Args& args, const Config& config);
// `nlp embed` (nlp_embed_command.cpp), reached through Nlp.
int NlpEmbed(const Args& args);

// Runs the whole command line (argv as given to main).
int Main(int argc, char** argv, char** environ);

}  // namespace chronotrail::cli
