#include "media/text_reader.h"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <cctype>
#include <memory>
#include <stdexcept>

namespace chronotrail::media {
namespace {

std::unique_ptr<tesseract::TessBaseAPI> MakeEngine(const TextReaderOptions& options) {
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  // OEM_DEFAULT is what the tesseract command uses, so the benchmark compares like with like.
  if (api->Init(options.tessdata_dir.c_str(), options.language.c_str(), tesseract::OEM_DEFAULT) !=
      0) {
    throw std::runtime_error("Tesseract cannot load language '" + options.language + "' from " +
                             options.tessdata_dir);
  }
  // Diagnostics ("Estimating resolution as ...") would go to the server's stderr per photo.
  api->SetVariable("debug_file", "/dev/null");
  api->SetPageSegMode(tesseract::PSM_AUTO);
  return api;
}

}  // namespace

bool LooksLikeWord(std::string_view word) {
  int alnum = 0, other = 0;
  for (std::size_t i = 0; i < word.size();) {
    unsigned char c = word[i];
    if (c < 0x80) {
      (std::isalnum(c) ? alnum : other) += 1;
      ++i;
      continue;
    }
    // A UTF-8 sequence: decode it to tell letters (é, ß, ł) from typographic marks (—, …, ”).
    int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    char32_t code = length == 1 ? c : c & (0x7F >> length);
    for (int k = 1; k < length && i + k < word.size(); ++k)
      code = (code << 6) | (word[i + k] & 0x3F);
    bool mark = code < 0xC0 || code == 0xD7 || code == 0xF7 || (code >= 0x2000 && code < 0x2070) ||
                (code >= 0x2190 && code < 0x2C00) || (code >= 0x3000 && code < 0x3040);
    (mark ? other : alnum) += 1;
    i += std::size_t(length);
  }
  return alnum > 0 && alnum >= other;
}

TextReader::TextReader(TextReaderOptions options)
    : options_(std::move(options)), engines_([this] { return MakeEngine(options_); }) {}

TextReader::~TextReader() = default;

ReadText TextReader::Read(const cv::Mat& rgb) {
  ReadText result;
  if (rgb.empty()) return result;
  auto api = engines_.Acquire();
  api->SetImage(rgb.data, rgb.cols, rgb.rows, 3, int(rgb.step));
  if (api->Recognize(nullptr) != 0) {
    api->Clear();
    return result;
  }
  std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
  double confidence_sum = 0;
  int kept = 0;
  bool line_has_words = false;
  if (it) {
    do {
      if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) && line_has_words) {
        result.text += '\n';
        line_has_words = false;
      }
      std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!word) continue;
      float confidence = it->Confidence(tesseract::RIL_WORD);
      if (confidence < float(options_.min_word_confidence) || !LooksLikeWord(word.get())) {
        ++result.words_discarded;
        continue;
      }
      if (line_has_words) result.text += ' ';
      result.text += word.get();
      line_has_words = true;
      confidence_sum += confidence;
      ++kept;
    } while (it->Next(tesseract::RIL_WORD));
  }
  api->Clear();
  if (kept > 0) result.confidence = confidence_sum / kept;
  return result;
}

}  // namespace chronotrail::media
