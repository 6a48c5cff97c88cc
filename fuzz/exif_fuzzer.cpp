// EXIF metadata of uploaded photos (media/exif.h), read with Exiv2. Input: the file. ReadExif
// promises never to throw and to keep every field in range, whatever the bytes.
#include <cmath>
#include <cstdint>

#include "fuzz_input.h"
#include "media/exif.h"

using chronotrail::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  chronotrail::media::ExifFacts facts =
      chronotrail::media::ReadExif(chronotrail::fuzz::AsText(data, size));
  Check(facts.orientation >= 1 && facts.orientation <= 8, "orientation out of 1..8");
  if (facts.latitude) Check(std::fabs(*facts.latitude) <= 90, "latitude out of range");
  if (facts.longitude) Check(std::fabs(*facts.longitude) <= 180, "longitude out of range");
  return 0;
}
