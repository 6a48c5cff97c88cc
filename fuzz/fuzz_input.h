// Helpers shared by the fuzz targets: cutting one fuzzer input into the several pieces a target
// needs, and stopping on a broken invariant in a way libFuzzer reports as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace chronotrail::fuzz {

// The input as text (every parser here takes bytes as a string_view).
inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Removes and returns the text up to the first `separator` (the separator is dropped); the
// whole rest when there is none. Seeds keep their parts readable this way, and mutations that
// move or delete a separator still produce valid, just differently split, inputs.
inline std::string_view TakeUntil(std::string_view& rest, std::string_view separator) {
  std::size_t at = rest.find(separator);
  std::string_view head = rest.substr(0, at);
  rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + separator.size());
  return head;
}

// A property every input must satisfy failed: abort, which libFuzzer records as a crash with the
// input that caused it.
[[noreturn]] inline void Fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

inline void Check(bool ok, const char* what) {
  if (!ok) Fail(what);
}

}  // namespace chronotrail::fuzz
