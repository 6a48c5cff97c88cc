#include "media/photo.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "media/colour_summary.h"
#include "media/exif.h"
#include "media/image_decode.h"
#include "media/media_type.h"
#include "media/unprocessable.h"

namespace chronotrail::media {

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + path);
  return std::move(bytes).str();
}

PhotoAnalyzer::PhotoAnalyzer(PhotoAnalyzerOptions options)
    : text_(std::move(options.text)), faces_(std::move(options.faces)) {}

PhotoFacts PhotoAnalyzer::Analyze(const std::string& path) {
  return AnalyzeBytes(ReadWholeFile(path));
}

PhotoFacts PhotoAnalyzer::AnalyzeBytes(std::string_view bytes) {
  if (bytes.empty()) throw Unprocessable("the file is empty");
  std::optional<DetectedType> type = DetectType(bytes.substr(0, kTypeSniffBytes));
  if (!type || type->kind != MediaKind::kPhoto) {
    throw Unprocessable("the file is not a photo in a supported format (" +
                        SupportedFormats(MediaKind::kPhoto) + ")");
  }
  PhotoFacts facts;
  facts.mime = type->mime;
  ExifFacts exif = ReadExif(bytes);
  facts.orientation = exif.orientation;
  facts.taken_at_utc_micros = exif.taken_at_utc_micros;
  facts.taken_local_micros = exif.taken_local_micros;
  facts.taken_offset_minutes = exif.taken_offset_minutes;
  facts.latitude = exif.latitude;
  facts.longitude = exif.longitude;

  const cv::Mat rgb = DecodeImage(bytes, type, exif.orientation);
  facts.width = rgb.cols;
  facts.height = rgb.rows;
  ReadText text = text_.Read(rgb);
  facts.ocr_text = std::move(text.text);
  facts.ocr_confidence = text.confidence;
  facts.faces = faces_.Count(rgb);
  facts.dominant_colours = DominantColours(rgb);
  return facts;
}

PhotoFacts AnalyzePhoto(const std::string& path) {
  static PhotoAnalyzer analyzer;
  return analyzer.Analyze(path);
}

}  // namespace chronotrail::media
