#include "ai/use_lite/use_lite_embedder.h"

#include <cblas.h>

#include <stdexcept>

#include "ai/use_lite/encoder.h"
#include "ai/use_lite/sentencepiece_tokenizer.h"
#include "ai/use_lite/tfjs_weights.h"

namespace chronotrail::ai {
namespace {

using use_lite::Encoder;
using use_lite::SentencePieceTokenizer;

class UseLiteEmbedder : public Embedder {
 public:
  UseLiteEmbedder(SentencePieceTokenizer tokenizer, use_lite::TfjsWeights weights)
      : tokenizer_(std::move(tokenizer)), encoder_(std::move(weights)) {
    if (tokenizer_.VocabularySize() > size_t(encoder_.VocabularyRows())) {
      throw std::runtime_error("vocab.json has more pieces than the model has embedding rows");
    }
  }

  std::string Id() const override { return "use-lite-512"; }
  int Dimensions() const override { return Encoder::kDimensions; }

  std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) const override {
    std::vector<std::vector<int>> ids;
    ids.reserve(texts.size());
    for (const std::string& text : texts) ids.push_back(tokenizer_.Encode(text));
    std::vector<float> flat(texts.size() * Encoder::kDimensions);
    encoder_.Encode(ids, flat.data());
    std::vector<std::vector<float>> vectors;
    vectors.reserve(texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      const float* v = flat.data() + i * Encoder::kDimensions;
      vectors.emplace_back(v, v + Encoder::kDimensions);
    }
    return vectors;
  }

 private:
  const SentencePieceTokenizer tokenizer_;
  const Encoder encoder_;
};

}  // namespace

std::unique_ptr<Embedder> LoadUseLiteEmbedder(const std::string& model_dir) {
  SentencePieceTokenizer tokenizer = SentencePieceTokenizer::LoadJson(model_dir + "/vocab.json");
  auto embedder = std::make_unique<UseLiteEmbedder>(std::move(tokenizer),
                                                    use_lite::TfjsWeights::Load(model_dir));
  openblas_set_num_threads(1);
  return embedder;
}

}  // namespace chronotrail::ai
