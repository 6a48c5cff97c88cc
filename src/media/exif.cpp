#include "media/exif.h"

#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string>

// Exiv2 0.27's API hands out std::auto_ptr, deprecated since C++11.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <exiv2/exiv2.hpp>

#include "core/time.h"

namespace chronotrail::media {
namespace {

// Exiv2's XMP toolkit must be initialised once before threads use it; its log goes to stderr.
void InitExiv2() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
    Exiv2::XmpParser::initialize();
    Exiv2::enableBMFF(true);  // HEIC/HEIF and AVIF containers
  });
}

std::optional<std::string> StringTag(const Exiv2::ExifData& exif, const char* key) {
  auto it = exif.findKey(Exiv2::ExifKey(key));
  if (it == exif.end() || it->count() == 0) return std::nullopt;
  std::string value = it->toString();
  while (!value.empty() && (value.back() == '\0' || value.back() == ' ')) value.pop_back();
  if (value.empty()) return std::nullopt;
  return value;
}

// A value of three rationals (degrees/minutes/seconds or hours/minutes/seconds) as one number.
std::optional<double> Sexagesimal(const Exiv2::ExifData& exif, const char* key) {
  auto it = exif.findKey(Exiv2::ExifKey(key));
  if (it == exif.end() || it->count() != 3) return std::nullopt;
  double total = 0, unit = 1;
  for (long i = 0; i < 3; ++i, unit *= 60) {
    Exiv2::Rational r = it->toRational(i);
    // These are EXIF RATIONALs, unsigned, but Exiv2 hands them out as signed pairs: a negative
    // part is a corrupt value (it once turned a longitude into -3373 degrees), not a sign.
    if (r.first < 0 || r.second <= 0) return std::nullopt;
    total += double(r.first) / double(r.second) / unit;
  }
  return total;
}

std::optional<double> Coordinate(const Exiv2::ExifData& exif, const char* key, const char* ref_key,
                                 char negative_ref, double limit) {
  std::optional<double> value = Sexagesimal(exif, key);
  if (!value || *value > limit) return std::nullopt;
  std::optional<std::string> ref = StringTag(exif, ref_key);
  if (ref && !ref->empty() && (*ref)[0] == negative_ref) *value = -*value;
  return value;
}

// "2023:05:06 14:30:15" -> ISO "2023-05-06T14:30:15"; nullopt for anything else, including the
// all-blank "    :  :     :  :  " cameras write when their clock was never set.
std::optional<std::string> IsoFromExifDateTime(const std::string& text) {
  if (text.size() < 19 || text[4] != ':' || text[7] != ':' || (text[10] != ' ' && text[10] != 'T'))
    return std::nullopt;
  std::string iso = text.substr(0, 19);
  iso[4] = '-';
  iso[7] = '-';
  iso[10] = 'T';
  return iso;
}

// The fraction digits of SubSecTime* ("123" -> ".123").
std::string Fraction(const std::optional<std::string>& subsec) {
  if (!subsec) return "";
  std::string digits;
  for (char c : *subsec) {
    if (c < '0' || c > '9') break;
    digits += c;
  }
  return digits.empty() ? "" : "." + digits;
}

// The GPS time stamp (UTC), when GPSDateStamp and GPSTimeStamp are both there.
std::optional<std::int64_t> GpsUtcMicros(const Exiv2::ExifData& exif) {
  std::optional<std::string> date = StringTag(exif, "Exif.GPSInfo.GPSDateStamp");
  std::optional<double> hours = Sexagesimal(exif, "Exif.GPSInfo.GPSTimeStamp");
  if (!date || !hours || date->size() < 10) return std::nullopt;
  std::optional<std::int64_t> day = ParseIsoTime(date->substr(0, 4) + "-" + date->substr(5, 2) +
                                                 "-" + date->substr(8, 2) + "T00:00:00Z");
  if (!day) return std::nullopt;
  return *day + std::llround(*hours * 3600.0 * 1e6);
}

void ReadTaken(const Exiv2::ExifData& exif, ExifFacts& facts) {
  const char* kinds[][3] = {
      {"Exif.Photo.DateTimeOriginal", "Exif.Photo.SubSecTimeOriginal",
       "Exif.Photo.OffsetTimeOriginal"},
      {"Exif.Photo.DateTimeDigitized", "Exif.Photo.SubSecTimeDigitized",
       "Exif.Photo.OffsetTimeDigitized"},
  };
  for (const auto& keys : kinds) {
    std::optional<std::string> when = StringTag(exif, keys[0]);
    std::optional<std::string> iso = when ? IsoFromExifDateTime(*when) : std::nullopt;
    if (!iso) continue;
    facts.taken_local_micros = ParseIsoTime(*iso + Fraction(StringTag(exif, keys[1])) + "Z");
    if (!facts.taken_local_micros) continue;
    if (std::optional<std::string> offset = StringTag(exif, keys[2])) {
      facts.taken_offset_minutes = ParseExifOffset(*offset);
    }
    break;
  }
  if (!facts.taken_local_micros) return;
  if (!facts.taken_offset_minutes) {
    // The camera clock minus the GPS clock is the zone offset, give or take the seconds between
    // the two readings; zones are whole quarter hours.
    if (std::optional<std::int64_t> gps = GpsUtcMicros(exif)) {
      double minutes = double(*facts.taken_local_micros - *gps) / 60e6;
      int quarters = int(std::lround(minutes / 15.0));
      if (std::abs(quarters) <= 14 * 4) facts.taken_offset_minutes = quarters * 15;
    }
  }
  if (facts.taken_offset_minutes) {
    facts.taken_at_utc_micros =
        *facts.taken_local_micros - std::int64_t(*facts.taken_offset_minutes) * 60 * 1'000'000;
  }
}

}  // namespace

std::optional<int> ParseExifOffset(std::string_view text) {
  if (text == "Z") return 0;
  if (text.size() < 5 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  std::string digits;
  for (char c : text.substr(1)) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != ':') {
      return std::nullopt;
    }
  }
  if (digits.size() != 4) return std::nullopt;
  int hours = std::stoi(digits.substr(0, 2));
  int minutes = std::stoi(digits.substr(2, 2));
  if (hours > 14 || minutes > 59) return std::nullopt;
  int total = hours * 60 + minutes;
  return text[0] == '-' ? -total : total;
}

ExifFacts ReadExif(std::string_view file_bytes) {
  InitExiv2();
  ExifFacts facts;
  try {
    Exiv2::Image::AutoPtr image = Exiv2::ImageFactory::open(
        reinterpret_cast<const Exiv2::byte*>(file_bytes.data()), long(file_bytes.size()));
    if (!image.get()) return facts;
    image->readMetadata();
    const Exiv2::ExifData& exif = image->exifData();
    if (exif.empty()) return facts;
    auto orientation = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
    if (orientation != exif.end() && orientation->count() > 0) {
      long value = orientation->toLong();
      if (value >= 1 && value <= 8) facts.orientation = int(value);
    }
    ReadTaken(exif, facts);
    facts.latitude =
        Coordinate(exif, "Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef", 'S', 90.0);
    facts.longitude =
        Coordinate(exif, "Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef", 'W', 180.0);
    if (!facts.latitude || !facts.longitude) facts.latitude = facts.longitude = std::nullopt;
  } catch (const std::exception&) {
    // Exiv2::Error for metadata it cannot parse: the photo simply has no usable EXIF.
  }
  return facts;
}

}  // namespace chronotrail::media

#pragma GCC diagnostic pop
