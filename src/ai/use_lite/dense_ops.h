// The few numeric kernels the encoder is made of, over row-major float32 matrices whose rows are
// tokens. Matrix products go to BLAS (cblas_sgemm), or for a few rows to small_gemm.h; the rest
// are plain loops the compiler vectorises. Every function is pure (writes only its output) and
// thread-safe.
#pragma once

#include "ai/use_lite/small_gemm.h"

namespace chronotrail::ai::use_lite {

// y = x·W + b: a 1×1 convolution or dense layer. W is [in, out] row-major, as TF stores both.
struct Dense {
  const float* kernel = nullptr;
  const float* bias = nullptr;
  int in = 0;
  int out = 0;
  // W again, packed in half precision for few rows (small_gemm.h); empty when unsupported.
  HalfMatrix half;
};

// A Dense over `kernel` and `bias` with its half-precision copy made.
Dense MakeDense(const float* kernel, const float* bias, int in, int out);

// Layer normalisation over each row, written in the graph as mean, square and rsqrt:
// y = scale · (x − mean) / sqrt(mean((x − mean)²) + epsilon) + bias.
struct LayerNorm {
  const float* scale = nullptr;
  const float* bias = nullptr;
  int dims = 0;
  float epsilon = 0;
};

// y[rows, d.out] = x[rows, d.in]·W + b. With `accumulate`, y's current contents are added too
// (a residual connection without a separate pass).
void ApplyDense(const Dense& d, const float* x, int rows, float* y, bool accumulate = false);

void ApplyLayerNorm(const LayerNorm& ln, const float* x, int rows, float* y);

// Numerically stable softmax of each row, in place.
void SoftmaxRows(float* x, int rows, int cols);

void ReluInPlace(float* x, long count);

// Multi-head scaled dot-product attention of one sentence, without masking (all `tokens` rows
// are real). `qkv` holds [tokens, 3·heads·head_dims]: queries, keys, values side by side, each
// split into heads along the columns. Writes [tokens, heads·head_dims] to `out`. `scratch` needs
// tokens² floats.
void MultiHeadAttention(const float* qkv, int tokens, int heads, int head_dims, float query_scale,
                        float* scratch, float* out);

}  // namespace chronotrail::ai::use_lite
