#include "ai/use_lite/dense_ops.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace chronotrail::ai::use_lite {

Dense MakeDense(const float* kernel, const float* bias, int in, int out) {
  return Dense{kernel, bias, in, out, HalfMatrix(kernel, in, out)};
}

void ApplyDense(const Dense& d, const float* x, int rows, float* y, bool accumulate) {
  if (rows == 0) return;
  // Start from the bias (plus what is there), then one GEMM adds x·W on top.
  for (int r = 0; r < rows; ++r) {
    float* row = y + long(r) * d.out;
    if (accumulate) {
      for (int c = 0; c < d.out; ++c) row[c] += d.bias[c];
    } else {
      std::memcpy(row, d.bias, sizeof(float) * size_t(d.out));
    }
  }
  if (rows <= kSmallGemmMaxRows && !d.half.empty()) {
    d.half.MultiplyAccumulate(x, rows, y);
    return;
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, d.out, d.in, 1.0f, x, d.in, d.kernel,
              d.out, 1.0f, y, d.out);
}

void ApplyLayerNorm(const LayerNorm& ln, const float* x, int rows, float* y) {
  const int n = ln.dims;
  for (int r = 0; r < rows; ++r) {
    const float* in = x + long(r) * n;
    float* out = y + long(r) * n;
    float sum = 0;
    for (int i = 0; i < n; ++i) sum += in[i];
    const float mean = sum / float(n);
    float squares = 0;
    for (int i = 0; i < n; ++i) {
      const float centred = in[i] - mean;
      squares += centred * centred;
    }
    const float inv_std = 1.0f / std::sqrt(squares / float(n) + ln.epsilon);
    for (int i = 0; i < n; ++i) out[i] = ln.scale[i] * inv_std * (in[i] - mean) + ln.bias[i];
  }
}

void SoftmaxRows(float* x, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    float* row = x + long(r) * cols;
    const float top = *std::max_element(row, row + cols);
    float sum = 0;
    for (int c = 0; c < cols; ++c) {
      row[c] = std::exp(row[c] - top);
      sum += row[c];
    }
    const float inv = 1.0f / sum;
    for (int c = 0; c < cols; ++c) row[c] *= inv;
  }
}

void ReluInPlace(float* x, long count) {
  for (long i = 0; i < count; ++i) x[i] = std::max(x[i], 0.0f);
}

void MultiHeadAttention(const float* qkv, int tokens, int heads, int head_dims, float query_scale,
                        float* scratch, float* out) {
  const int width = heads * head_dims;  // of queries, keys, values and the output
  const int stride = 3 * width;
  for (int h = 0; h < heads; ++h) {
    const float* q = qkv + h * head_dims;
    const float* k = qkv + width + h * head_dims;
    const float* v = qkv + 2 * width + h * head_dims;
    // scores[t, s] = scale · q_t·k_s, then each row softmaxed into weights over s.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, tokens, tokens, head_dims, query_scale, q,
                stride, k, stride, 0.0f, scratch, tokens);
    SoftmaxRows(scratch, tokens, tokens);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, tokens, head_dims, tokens, 1.0f, scratch,
                tokens, v, stride, 0.0f, out + h * head_dims, width);
  }
}

}  // namespace chronotrail::ai::use_lite
