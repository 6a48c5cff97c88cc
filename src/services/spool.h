// The spool (DATA_DIR/spool): private files for uploads on their way in and for media fetched
// from a remote blob store for processing.
//
// Each spool file is created locked (flock) and stays locked while its owner lives, so a file
// that is not locked was left by a process that died (SIGKILL, power loss) in the middle of an
// upload or a fetch. SweepSpool removes those; the server does so at startup. Other live
// instances sharing the directory keep their files: theirs are locked.
#pragma once

#include <filesystem>
#include <string_view>

namespace chronotrail {

// Creates `dir`/`prefix`<new id>, opened for writing and locked; returns the descriptor (the
// caller closes it, which releases the lock) and sets `path`. Returns -1 with errno set when it
// cannot.
int CreateSpoolFile(const std::filesystem::path& dir, std::string_view prefix,
                    std::filesystem::path& path);

// Removes the files of `dir` that no live process holds; returns how many went.
int SweepSpool(const std::filesystem::path& dir);

}  // namespace chronotrail
