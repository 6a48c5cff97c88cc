#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace chronotrail::testing {

using Microseconds = std::chrono::sys_time<std::chrono::microseconds>;

// "2024-03-12T08:14:00Z": how a client would write "now ± something" into a request.
std::string IsoUtc(std::chrono::system_clock::time_point time);

// Parses the server's response format exactly: "YYYY-MM-DDTHH:MM:SS[.f…]Z". Anything else
// (an offset, a missing Z, a space instead of T) is nullopt.
std::optional<Microseconds> ParseIsoUtc(std::string_view text);

// Sleeps past the next whole second of the wall clock, so that a time taken before and one taken
// after differ even when the server keeps whole seconds only.
void SleepIntoNextSecond();

}  // namespace chronotrail::testing
