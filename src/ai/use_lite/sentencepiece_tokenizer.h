// SentencePieceTokenizer: text to token ids for the Universal Sentence Encoder Lite, exactly as
// its JavaScript runtime (@energetic-ai/embeddings, after tfjs-models' universal-sentence-encoder)
// computes them, because the encoder only reproduces the reference vectors for the same ids.
//
// What the JS runtime does, and so what this does, quirks included:
//   - the text is NFKC-normalised (ICU, as V8's String.prototype.normalize), then, unless empty,
//     "▁" (U+2581) is put in front and every U+0020 space becomes "▁" (runs are not collapsed,
//     other whitespace is left alone);
//   - the lattice is over code points: from each position every vocabulary piece that starts
//     there is an arc scored with the piece's score; a position where no piece starts gets one
//     arc of one code point with id 0 (unknown) and score 0 — better than any real piece;
//   - Viterbi by increasing end position, arcs of one end taken by increasing start; an arc
//     replaces the best one so far when that best is exactly 0 or the new total is >= it, in
//     double precision;
//   - the path is read back from the end, stepping back by each chosen piece's length in UTF-16
//     units; consecutive unknowns are merged into one.
// The first `reserved_count` (6) vocabulary entries (<unk>, <s>, </s>, extras) are never matched;
// a piece listed twice keeps its last id and score. A null score in vocab.json counts as 0 (the
// JS sum null + x is x).
//
// Thread-safe once built: Encode is const and allocates per call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chronotrail::ai::use_lite {

struct VocabularyPiece {
  std::string text;  // UTF-8
  double score = 0;
};

class SentencePieceTokenizer {
 public:
  // Reads vocab.json: [["piece", score], ...], the index being the id. Throws std::runtime_error
  // naming the file when it is missing or not that shape.
  static SentencePieceTokenizer LoadJson(const std::string& path);

  explicit SentencePieceTokenizer(std::vector<VocabularyPiece> vocabulary, int reserved_count = 6);

  std::vector<int> Encode(std::string_view utf8) const;

  size_t VocabularySize() const { return utf16_lengths_.size(); }

 private:
  struct TrieNode {
    int id = -1;  // the piece ending here, or -1
    double score = 0;
  };
  // The child of `node` along code point `c`, or -1.
  int Child(int node, char32_t c) const;

  std::vector<TrieNode> nodes_;                      // nodes_[0] is the root
  std::unordered_map<std::uint64_t, int> children_;  // (node << 32 | code point) -> child node
  std::vector<int> utf16_lengths_;                   // per id: the piece's length in UTF-16 units
};

// NFKC, then the "▁" convention above, as code points. Exposed for tests.
std::u32string PrepareForSentencePiece(std::string_view utf8);

}  // namespace chronotrail::ai::use_lite
