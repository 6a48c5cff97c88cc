// TextReader: the words printed in a photo (signs, menus, tickets, screenshots), by Tesseract.
//
// Tesseract scores every word; only words at or above `min_word_confidence` (0..100) that look
// like words (mostly letters and digits) are kept, because on ordinary photos most of what it
// finds in foliage, fabric and brickwork is noise. Lines keep their breaks; words are separated
// by single spaces.
//
// Thread-safe. Tesseract instances (each holding its trained data, ~30 MB and ~0.2 s to load) are
// created on first use and pooled, one per thread that is reading at the same moment.
#pragma once

#include <opencv2/core.hpp>
#include <string>

#include "media/engine_pool.h"

namespace tesseract {
class TessBaseAPI;
}

namespace chronotrail::media {

struct TextReaderOptions {
  std::string tessdata_dir = "/usr/share/tesseract-ocr/5/tessdata";  // tesseract-ocr-eng
  std::string language = "eng";
  int min_word_confidence = 60;
};

struct ReadText {
  std::string text;         // kept words; empty when none
  double confidence = 0;    // mean confidence of the kept words, 0..100 (0 when none)
  int words_discarded = 0;  // found but below the threshold or not word-like
};

// True when Tesseract's `word` looks like a word rather than noise: at least one letter or digit,
// and letters and digits make up at least half of it. Exposed for tests.
bool LooksLikeWord(std::string_view word);

class TextReader {
 public:
  explicit TextReader(TextReaderOptions options = {});
  ~TextReader();

  // Reads an upright RGB image (CV_8UC3). Throws std::runtime_error when Tesseract cannot be
  // initialised (missing trained data: an installation problem, not the photo's).
  ReadText Read(const cv::Mat& rgb);

 private:
  TextReaderOptions options_;
  EnginePool<tesseract::TessBaseAPI> engines_;
};

}  // namespace chronotrail::media
