#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace chronotrail::testing {

// For header values and HTML, whose case carries no meaning.
inline std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

}  // namespace chronotrail::testing
