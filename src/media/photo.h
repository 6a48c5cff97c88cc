// Photos: what can be known about a picture offline, from the picture alone.
//
// AnalyzePhoto reads the file once, detects its type, reads EXIF (orientation, time, GPS), decodes
// the image once into upright RGB pixels, and gives those same pixels to OCR (TextReader), face
// counting (FaceCounter) and the colour summary.
//
// Errors: Unprocessable when the file is not a supported photo or cannot be decoded at all (a
// truncated JPEG that still decodes partly is analysed); std::runtime_error when the file cannot
// be read or a model is missing (the installation's fault, not the user's).
//
// Thread-safe; the first call in a process (or a PhotoAnalyzer's first) loads Tesseract's data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/face_counter.h"
#include "media/text_reader.h"

namespace chronotrail::media {

struct PhotoFacts {
  std::string mime;  // as DetectType reports it
  int width = 0;     // as displayed, after orientation
  int height = 0;
  int orientation = 1;  // EXIF orientation 1..8; 1 when absent
  // When it was taken: the instant, when the camera's UTC offset is known (OffsetTimeOriginal or
  // GPS time); the camera's wall clock (as micros since the epoch read as UTC) whenever EXIF has a
  // DateTimeOriginal; and that offset.
  std::optional<std::int64_t> taken_at_utc_micros;
  std::optional<std::int64_t> taken_local_micros;
  std::optional<int> taken_offset_minutes;
  std::optional<double> latitude;   // EXIF GPS, degrees, south negative
  std::optional<double> longitude;  // west negative
  std::string ocr_text;             // words kept above the confidence threshold
  double ocr_confidence = 0;        // their mean confidence, 0..100
  int faces = 0;
  std::vector<std::string> dominant_colours;  // plain names, most common first
};

struct PhotoAnalyzerOptions {
  TextReaderOptions text;
  FaceCounterOptions faces;
};

class PhotoAnalyzer {
 public:
  explicit PhotoAnalyzer(PhotoAnalyzerOptions options = {});

  PhotoFacts Analyze(const std::string& path);
  PhotoFacts AnalyzeBytes(std::string_view bytes);

 private:
  TextReader text_;
  FaceCounter faces_;
};

// With one process-wide PhotoAnalyzer of Debian's default model paths.
PhotoFacts AnalyzePhoto(const std::string& path);

// The whole of a file, for the analyzers. Throws std::runtime_error naming the path.
std::string ReadWholeFile(const std::string& path);

}  // namespace chronotrail::media
