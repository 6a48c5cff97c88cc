#include "ai/use_lite/encoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace chronotrail::ai::use_lite {
namespace {

// Name prefixes of the TF.js export: "apply" holds graph-side copies and folded constants,
// "module" the variables as trained.
const std::string kApply = "module_apply_default/Encoder_en/KonaTransformer/Encode/";
const std::string kModule = "module/Encoder_en/KonaTransformer/Encode/";

constexpr int kEmbeddingDims = 256;
constexpr int kFfnDims = 1536;
constexpr int kHeads = 4;
// Rows (tokens of all sentences) that go through the dense layers together: large enough that
// GEMM reads each weight once for many tokens, small enough that the working set (about
// 20 KB a row) stays in cache.
constexpr int kRowsPerChunk = 256;

// out[c] = mean of rows[0..count)[c]; zeros when count is 0.
void MeanOfRows(const float* rows, int count, int width, float* out) {
  std::fill_n(out, width, 0.0f);
  for (int r = 0; r < count; ++r) {
    const float* row = rows + long(r) * width;
    for (int c = 0; c < width; ++c) out[c] += row[c];
  }
  if (count == 0) return;
  for (int c = 0; c < width; ++c) out[c] /= float(count);
}

float Scalar(const TfjsWeights& w, const std::string& name) {
  return *w.Floats(name, {});
}

}  // namespace

Encoder::Encoder(TfjsWeights weights) : weights_(std::move(weights)) {
  vocabulary_rows_ = 8002;
  embeddings_ = weights_.Floats("module/Embeddings_en", {vocabulary_rows_, kEmbeddingDims});
  const float* frequencies =
      weights_.Floats(kApply + "TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1",
                      {1, kEmbeddingDims / 2});
  timing_frequencies_.assign(frequencies, frequencies + kEmbeddingDims / 2);
  layers_[0] = LoadLayer(0, kEmbeddingDims, kHeads);
  layers_[1] = LoadLayer(1, kDimensions, kHeads);
  pooled_ =
      MakeDense(weights_.Floats("module/Encoder_en/hidden_layers/tanh_layer_0/weights",
                                {kDimensions, kDimensions}),
                weights_.Floats("module/Encoder_en/hidden_layers/tanh_layer_0/bias", {kDimensions}),
                kDimensions, kDimensions);
  l2_epsilon_ =
      Scalar(weights_, "module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y");
}

Encoder::Layer Encoder::LoadLayer(int index, int in_dims, int heads) {
  const std::string layer = "Layer_" + std::to_string(index) + "/TransformerLayer/";
  const std::string stacked = kApply + "TransformerStack/" + layer;
  const std::string apply = kApply + layer;
  const std::string module = kModule + layer;
  // Layer normalisation's epsilon is one constant shared by every layer norm of the graph.
  const float epsilon =
      Scalar(weights_, kApply +
                           "TransformerStack/Layer_1/TransformerLayer/FFN/layer_prepostprocess/"
                           "layer_norm/Cast/x");
  auto norm = [&](const std::string& at, int dims) {
    LayerNorm ln;
    ln.scale = weights_.Floats(at + "layer_prepostprocess/layer_norm/layer_norm_scale/"
                                    "ConcatPartitions/concat",
                               {dims});
    ln.bias = weights_.Floats(at + "layer_prepostprocess/layer_norm/layer_norm_bias/"
                                   "ConcatPartitions/concat",
                              {dims});
    ln.dims = dims;
    ln.epsilon = epsilon;
    return ln;
  };
  auto dense = [&](const float* kernel, const std::string& bias, int in, int out) {
    return MakeDense(kernel, weights_.Floats(bias, {out}), in, out);
  };
  const int width = in_dims;  // attention works at the layer's input width
  Layer l;
  l.heads = heads;
  l.head_dims = width / heads;
  l.query_scale = Scalar(weights_, stacked + "MultiheadAttention/mul/y");
  l.attention_norm = norm(apply, in_dims);
  l.qkv = dense(weights_.Floats(module + "MultiheadAttention/qkv_transform_single/kernel/part_0",
                                {1, 1, in_dims, 3 * width}),
                apply + "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat",
                in_dims, 3 * width);
  l.attention_output =
      dense(weights_.Floats(module + "MultiheadAttention/output_transform_single/kernel/part_0",
                            {1, 1, width, kDimensions}),
            apply + "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat",
            width, kDimensions);
  l.dense_residual = in_dims != kDimensions;
  if (l.dense_residual) {
    l.residual = dense(
        weights_.Floats(apply + "dense/kernel/ConcatPartitions/concat", {in_dims, kDimensions}),
        apply + "dense/bias/ConcatPartitions/concat", in_dims, kDimensions);
  }
  l.ffn_norm = norm(apply + "FFN/", kDimensions);
  l.ffn_in =
      dense(weights_.Floats(stacked + "FFN/conv1/Tensordot/Reshape_1", {kDimensions, kFfnDims}),
            apply + "FFN/conv1/bias/ConcatPartitions/concat", kDimensions, kFfnDims);
  l.ffn_out =
      dense(weights_.Floats(stacked + "FFN/conv2/Tensordot/Reshape_1", {kFfnDims, kDimensions}),
            apply + "FFN/conv2/bias/ConcatPartitions/concat", kFfnDims, kDimensions);
  return l;
}

std::vector<float> Encoder::AttentionBlock(const Layer& layer, const std::vector<int>& offsets,
                                           const std::vector<float>& x) const {
  const int rows = offsets.back();
  const int in_dims = layer.attention_norm.dims;
  const int width = layer.heads * layer.head_dims;

  std::vector<float> normed(size_t(rows) * in_dims);
  ApplyLayerNorm(layer.attention_norm, x.data(), rows, normed.data());
  std::vector<float> qkv(size_t(rows) * 3 * width);
  ApplyDense(layer.qkv, normed.data(), rows, qkv.data());
  std::vector<float> attended(size_t(rows) * width);
  std::vector<float> scratch(size_t(kMaxTokens) * kMaxTokens);
  for (size_t s = 0; s + 1 < offsets.size(); ++s) {
    const int tokens = offsets[s + 1] - offsets[s];
    if (tokens == 0) continue;
    MultiHeadAttention(qkv.data() + size_t(offsets[s]) * 3 * width, tokens, layer.heads,
                       layer.head_dims, layer.query_scale, scratch.data(),
                       attended.data() + size_t(offsets[s]) * width);
  }

  std::vector<float> a(size_t(rows) * kDimensions);
  if (layer.dense_residual) {
    ApplyDense(layer.residual, x.data(), rows, a.data());
  } else {
    std::copy(x.begin(), x.begin() + long(rows) * in_dims, a.begin());
  }
  ApplyDense(layer.attention_output, attended.data(), rows, a.data(), /*accumulate=*/true);
  return a;
}

std::vector<float> Encoder::FfnHidden(const Layer& layer, const std::vector<float>& a,
                                      int rows) const {
  std::vector<float> normed(size_t(rows) * kDimensions);
  ApplyLayerNorm(layer.ffn_norm, a.data(), rows, normed.data());
  std::vector<float> hidden(size_t(rows) * kFfnDims);
  ApplyDense(layer.ffn_in, normed.data(), rows, hidden.data());
  ReluInPlace(hidden.data(), long(hidden.size()));
  return hidden;
}

void Encoder::Encode(const std::vector<std::vector<int>>& sentences, float* out) const {
  size_t first = 0;
  while (first < sentences.size()) {
    // A chunk: whole sentences until kRowsPerChunk rows (at least one sentence).
    std::vector<int> offsets{0};
    size_t last = first;
    while (last < sentences.size()) {
      const int tokens = std::min<int>(int(sentences[last].size()), kMaxTokens);
      if (last > first && offsets.back() + tokens > kRowsPerChunk) break;
      offsets.push_back(offsets.back() + tokens);
      ++last;
    }
    const int rows = offsets.back();

    // x₀ = embedding + (embedding + timing signal), as the graph adds them.
    std::vector<float> x(size_t(rows) * kEmbeddingDims);
    const int half = kEmbeddingDims / 2;
    for (size_t s = first; s < last; ++s) {
      const int tokens = offsets[s - first + 1] - offsets[s - first];
      for (int p = 0; p < tokens; ++p) {
        const int id = sentences[s][size_t(p)];
        if (id < 0 || id >= vocabulary_rows_) {
          throw std::out_of_range("token id " + std::to_string(id) + " outside the vocabulary");
        }
        const float* e = embeddings_ + long(id) * kEmbeddingDims;
        float* row = x.data() + long(offsets[s - first] + p) * kEmbeddingDims;
        for (int k = 0; k < half; ++k) {
          const float angle = float(p) * timing_frequencies_[size_t(k)];
          row[k] = e[k] + (e[k] + float(std::sin(double(angle))));
          row[half + k] = e[half + k] + (e[half + k] + float(std::cos(double(angle))));
        }
      }
    }

    // Layer 0 in full.
    std::vector<float> a = AttentionBlock(layers_[0], offsets, x);
    std::vector<float> hidden = FfnHidden(layers_[0], a, rows);
    ApplyDense(layers_[0].ffn_out, hidden.data(), rows, a.data(), /*accumulate=*/true);
    x = std::move(a);

    // Layer 1, whose output is only averaged over each sentence's tokens: as the mean commutes
    // with the FFN's last (linear) projection, average first and project once per sentence,
    // which saves a sixth of the work. An empty sentence averages to zeros, like the graph's
    // masked mean.
    a = AttentionBlock(layers_[1], offsets, x);
    hidden = FfnHidden(layers_[1], a, rows);
    const int count = int(last - first);
    std::vector<float> pooled(size_t(count) * kDimensions, 0.0f);
    std::vector<float> pooled_hidden(size_t(count) * kFfnDims, 0.0f);
    for (int s = 0; s < count; ++s) {
      const int tokens = offsets[size_t(s) + 1] - offsets[size_t(s)];
      MeanOfRows(a.data() + long(offsets[size_t(s)]) * kDimensions, tokens, kDimensions,
                 pooled.data() + long(s) * kDimensions);
      MeanOfRows(hidden.data() + long(offsets[size_t(s)]) * kFfnDims, tokens, kFfnDims,
                 pooled_hidden.data() + long(s) * kFfnDims);
    }
    ApplyDense(layers_[1].ffn_out, pooled_hidden.data(), count, pooled.data(),
               /*accumulate=*/true);
    for (int s = 0; s < count; ++s) {
      if (offsets[size_t(s) + 1] == offsets[size_t(s)]) {
        std::fill_n(pooled.begin() + long(s) * kDimensions, kDimensions, 0.0f);
      }
    }

    // tanh layer and L2 normalisation.
    float* result = out + first * kDimensions;
    ApplyDense(pooled_, pooled.data(), count, result);
    for (int s = 0; s < count; ++s) {
      float* v = result + long(s) * kDimensions;
      float squares = 0;
      for (int c = 0; c < kDimensions; ++c) {
        v[c] = std::tanh(v[c]);
        squares += v[c] * v[c];
      }
      const float inv_norm = 1.0f / std::sqrt(std::max(squares, l2_epsilon_));
      for (int c = 0; c < kDimensions; ++c) v[c] *= inv_norm;
    }
    first = last;
  }
}

}  // namespace chronotrail::ai::use_lite
