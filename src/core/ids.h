// Record identifiers: random (version 4) UUIDs in lower-case text form.
#pragma once

#include <string>
#include <string_view>

namespace chronotrail {

// A new random UUID from the operating system's CSPRNG, so ids cannot be guessed. Thread-safe.
std::string NewId();

// True for the canonical 36-character form (any version, hex digits in either case).
bool IsUuid(std::string_view text);

}  // namespace chronotrail
