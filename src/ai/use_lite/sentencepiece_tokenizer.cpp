#include "ai/use_lite/sentencepiece_tokenizer.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace chronotrail::ai::use_lite {
namespace {

constexpr char32_t kWordBoundary = U'\u2581';  // "▁"

// Code points of a UTF-8 text; malformed bytes become U+FFFD (ICU's reading).
std::u32string CodePoints(const icu::UnicodeString& s) {
  std::u32string out;
  out.reserve(size_t(s.length()));
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    out.push_back(char32_t(c));
    i += U16_LENGTH(c);
  }
  return out;
}

int Utf16Length(std::string_view utf8) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), int32_t(utf8.size()))).length();
}

}  // namespace

std::u32string PrepareForSentencePiece(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU has no NFKC data");
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), int32_t(utf8.size())));
  const icu::UnicodeString normalized = nfkc->normalize(text, status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU could not NFKC-normalise a text");
  std::u32string points = CodePoints(normalized);
  if (points.empty()) return points;
  std::replace(points.begin(), points.end(), U' ', kWordBoundary);
  points.insert(points.begin(), kWordBoundary);
  return points;
}

SentencePieceTokenizer SentencePieceTokenizer::LoadJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(text.str(), ec);
  if (ec || !doc.is_array()) throw std::runtime_error(path + " is not a JSON array");
  std::vector<VocabularyPiece> vocabulary;
  vocabulary.reserve(doc.as_array().size());
  for (const boost::json::value& entry : doc.as_array()) {
    const boost::json::array* pair = entry.if_array();
    if (!pair || pair->size() != 2 || !(*pair)[0].is_string() ||
        !((*pair)[1].is_number() || (*pair)[1].is_null())) {
      throw std::runtime_error(path + ": entry " + std::to_string(vocabulary.size()) +
                               " is not [\"piece\", score]");
    }
    VocabularyPiece piece;
    piece.text = std::string((*pair)[0].as_string());
    piece.score = (*pair)[1].is_null() ? 0.0 : (*pair)[1].to_number<double>();
    vocabulary.push_back(std::move(piece));
  }
  if (vocabulary.empty()) throw std::runtime_error(path + " holds no vocabulary");
  return SentencePieceTokenizer(std::move(vocabulary));
}

SentencePieceTokenizer::SentencePieceTokenizer(std::vector<VocabularyPiece> vocabulary,
                                               int reserved_count) {
  nodes_.emplace_back();
  utf16_lengths_.reserve(vocabulary.size());
  for (size_t id = 0; id < vocabulary.size(); ++id) {
    const std::string& piece = vocabulary[id].text;
    // At least 1, so reading the path back always moves (an empty piece is never matched).
    utf16_lengths_.push_back(std::max(1, Utf16Length(piece)));
    if (int(id) < reserved_count) continue;
    const std::u32string points = CodePoints(
        icu::UnicodeString::fromUTF8(icu::StringPiece(piece.data(), int32_t(piece.size()))));
    if (points.empty()) continue;
    int node = 0;
    for (char32_t c : points) {
      auto [it, added] = children_.try_emplace((std::uint64_t(node) << 32) | c, int(nodes_.size()));
      if (added) nodes_.emplace_back();
      node = it->second;
    }
    nodes_[size_t(node)].id = int(id);
    nodes_[size_t(node)].score = vocabulary[id].score;
  }
}

int SentencePieceTokenizer::Child(int node, char32_t c) const {
  auto it = children_.find((std::uint64_t(node) << 32) | c);
  return it == children_.end() ? -1 : it->second;
}

std::vector<int> SentencePieceTokenizer::Encode(std::string_view utf8) const {
  const std::u32string s = PrepareForSentencePiece(utf8);
  const int n = int(s.size());

  // Every piece starting at each position, in order of start: the lattice's arcs.
  struct Arc {
    int start, end, id;
    double score;
  };
  std::vector<Arc> arcs;
  arcs.reserve(size_t(n) * 4);
  for (int i = 0; i < n; ++i) {
    bool matched = false;
    for (int j = i, node = Child(0, s[size_t(i)]); node >= 0;) {
      const TrieNode& t = nodes_[size_t(node)];
      if (t.id >= 0) {
        arcs.push_back({i, j + 1, t.id, t.score});
        matched = true;
      }
      if (++j >= n) break;
      node = Child(node, s[size_t(j)]);
    }
    if (!matched) arcs.push_back({i, i + 1, 0, 0.0});
  }
  // By end, keeping starts in increasing order within one end (the JS visiting order).
  std::stable_sort(arcs.begin(), arcs.end(),
                   [](const Arc& a, const Arc& b) { return a.end < b.end; });

  std::vector<double> best(size_t(n) + 1, 0.0);
  std::vector<int> words(size_t(n) + 1, 0);
  for (const Arc& arc : arcs) {
    const double score = arc.score + best[size_t(arc.start)];
    double& b = best[size_t(arc.end)];
    if (b == 0 || score >= b) {
      b = score;
      words[size_t(arc.end)] = arc.id;
    }
  }

  std::vector<int> ids;
  for (int at = n; at > 0; at -= utf16_lengths_[size_t(words[size_t(at)])]) {
    const int id = words[size_t(at)];
    if (!(id == 0 && !ids.empty() && ids.back() == 0)) ids.push_back(id);
  }
  std::reverse(ids.begin(), ids.end());
  return ids;
}

}  // namespace chronotrail::ai::use_lite
