// EXIF metadata of a photo: orientation, when it was taken and where, read with Exiv2 from the
// file's bytes (JPEG, PNG, WebP, HEIC: whatever Exiv2 can open).
//
// Missing, malformed or contradictory metadata is normal for photos (screenshots, messaging apps
// strip it), so nothing here throws: a field that cannot be read is left empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace chronotrail::media {

struct ExifFacts {
  int orientation = 1;  // 1..8 as EXIF defines it; 1 (upright) when absent or out of range
  // DateTimeOriginal (else DateTimeDigitized) with SubSecTimeOriginal, on the camera's clock,
  // as microseconds since the epoch as if that clock were UTC.
  std::optional<std::int64_t> taken_local_micros;
  // The camera clock's UTC offset: OffsetTimeOriginal, else derived from the GPS time stamp
  // (which is UTC) rounded to a quarter hour.
  std::optional<int> taken_offset_minutes;
  // The instant, when both of the above are known.
  std::optional<std::int64_t> taken_at_utc_micros;
  // GPSLatitude/GPSLongitude with their N/S and E/W references; degrees, south and west negative.
  std::optional<double> latitude;
  std::optional<double> longitude;
};

ExifFacts ReadExif(std::string_view file_bytes);

// "+01:00", "-0530", "Z" -> minutes east of UTC; nullopt when malformed. Exposed for tests.
std::optional<int> ParseExifOffset(std::string_view text);

}  // namespace chronotrail::media
