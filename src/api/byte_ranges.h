// The Range header of a download (RFC 9110 §14): "bytes=first-last", "bytes=first-" or a suffix
// "bytes=-count", resolved against the object's size.
#pragma once

#include <cstdint>
#include <string_view>

namespace chronotrail::api {

struct RangeRequest {
  enum class Kind {
    kWhole,          // no Range, one we ignore (another unit, several ranges, malformed)
    kPart,           // serve bytes first..last (inclusive) with 206
    kUnsatisfiable,  // 416 with Content-Range: bytes */size
  };
  Kind kind = Kind::kWhole;
  std::int64_t first = 0;
  std::int64_t last = 0;
};

// Several ranges are answered with the whole object (which RFC 9110 allows) rather than a
// multipart/byteranges body; so is a header we cannot parse, as the RFC asks.
RangeRequest ParseRange(std::string_view header, std::int64_t size);

}  // namespace chronotrail::api
