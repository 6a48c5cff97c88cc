// Encoder: the Universal Sentence Encoder Lite network, token ids in, 512-dim unit vector out,
// written out by hand from the TF.js graph (model.json) rather than interpreted op by op.
//
// The graph, once its shape bookkeeping (Shape/StridedSlice/Pack/Reshape, sparse-to-dense and
// scatter/gather of the non-padding positions) is read through, computes for a sentence of
// T ≤ 128 tokens (longer ones are clipped to their first 128):
//   x₀ = 2·embedding[id] + timing(position)  (the graph adds the embedding twice: once scattered
//        alone, once with the sinusoidal timing signal [sin(p·f), cos(p·f)], f from the weights)
//   layer 0 (256 → 512 wide, 4 heads of 64) and layer 1 (512, 4 heads of 128), each:
//     a = MultiHeadAttention(LayerNorm(x))·W_o + b_o + residual(x)   (residual: a dense layer
//                                                                    256→512 in layer 0, x in 1)
//     x' = ReLU(LayerNorm(a)·W₁ + b₁)·W₂ + b₂ + a                   (FFN 1536 wide)
//   v = tanh(mean over tokens(x₂)·W + b), then v / sqrt(max(|v|², 1e-12)).
// An empty sentence (no tokens) pools to zeros, so its vector is the normalised tanh(b): what the
// JS runtime gives an empty text in a batch (alone it fails).
//
// Every token row goes through the dense layers together, so a batch of sentences is one GEMM
// per layer (the weights are read once per batch, not once per sentence); only attention and
// pooling look at one sentence at a time. No padding is ever computed, and sentences never see
// each other: a vector does not depend on what it was batched with.
// Thread-safe: Encode is const and keeps its working memory on the caller's stack and heap.
#pragma once

#include <vector>

#include "ai/use_lite/dense_ops.h"
#include "ai/use_lite/tfjs_weights.h"

namespace chronotrail::ai::use_lite {

class Encoder {
 public:
  static constexpr int kDimensions = 512;
  static constexpr int kMaxTokens = 128;

  // Takes the weights and checks that every tensor the network needs is there with its shape
  // (std::runtime_error naming the first one that is not).
  explicit Encoder(TfjsWeights weights);

  int VocabularyRows() const { return vocabulary_rows_; }

  // Writes one unit vector per sentence to out[i·512 ...]. Ids must be < VocabularyRows().
  void Encode(const std::vector<std::vector<int>>& sentences, float* out) const;

 private:
  struct Layer {
    int heads = 0;
    int head_dims = 0;
    float query_scale = 0;
    LayerNorm attention_norm;
    Dense qkv;
    Dense attention_output;
    bool dense_residual = false;  // layer 0: the residual goes through `residual` (256 → 512)
    Dense residual;
    LayerNorm ffn_norm;
    Dense ffn_in;
    Dense ffn_out;
  };
  Layer LoadLayer(int index, int in_dims, int heads);
  // The first half of a layer over all token rows of `x`: MultiHeadAttention(LayerNorm(x))·W_o +
  // b_o + residual(x). `offsets` delimits the sentences: rows [offsets[i], offsets[i+1]).
  std::vector<float> AttentionBlock(const Layer& layer, const std::vector<int>& offsets,
                                    const std::vector<float>& x) const;
  // The FFN's hidden layer for `a`: ReLU(LayerNorm(a)·W₁ + b₁), [rows, 1536].
  std::vector<float> FfnHidden(const Layer& layer, const std::vector<float>& a, int rows) const;

  TfjsWeights weights_;
  int vocabulary_rows_ = 0;
  const float* embeddings_ = nullptr;      // [rows, 256]
  std::vector<float> timing_frequencies_;  // 128
  Layer layers_[2];
  Dense pooled_;  // tanh layer 512 → 512
  float l2_epsilon_ = 0;
};

}  // namespace chronotrail::ai::use_lite
