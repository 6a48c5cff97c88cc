// Embedder: turns texts into sentence vectors for semantic search ("notes like this one").
//
// Implementations:
//   - use_lite/: the Universal Sentence Encoder Lite run in-process from its TF.js files
//     (LoadUseLiteEmbedder, "use-lite-512"), the default: no network, about a millisecond a note;
//   - remote providers behind the same interface (an OpenAI-compatible /v1/embeddings server,
//     AWS Bedrock Titan), for deployments that prefer a bigger model.
// Vectors are compared by dot product, so every implementation returns unit-length vectors.
// vector_codec.h stores them compactly and searches them.
#pragma once

#include <string>
#include <vector>

namespace chronotrail::ai {

class Embedder {
 public:
  virtual ~Embedder() = default;
  // Names the vector space ("use-lite-512"): vectors from different ids must never be mixed.
  virtual std::string Id() const = 0;
  virtual int Dimensions() const = 0;
  // One L2-normalised vector per text, in order. Safe to call from several threads at once.
  virtual std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) const = 0;
};

}  // namespace chronotrail::ai
