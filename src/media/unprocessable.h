// Unprocessable: the one error of src/media. A file that is not what it claims, or that no decoder
// can read at all, throws it with a reason a person can act on ("the JPEG data is corrupt"); the
// upload routes turn it into a 422 or a failed job. Anything else thrown from here is a bug or a
// broken installation (a missing model file), not the user's fault.
#pragma once

#include <stdexcept>
#include <string>

namespace chronotrail::media {

class Unprocessable : public std::runtime_error {
 public:
  explicit Unprocessable(const std::string& reason) : std::runtime_error(reason) {}
};

}  // namespace chronotrail::media
