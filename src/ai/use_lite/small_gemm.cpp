#include "ai/use_lite/small_gemm.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define CHRONOTRAIL_HALF_KERNEL 1
#define CHRONOTRAIL_KERNEL_TARGET __attribute__((target("avx2,fma,f16c")))
#endif

namespace chronotrail::ai::use_lite {

#ifdef CHRONOTRAIL_HALF_KERNEL
namespace {

// acc[r] += x[r, i]·p[i, 0..16) for the R rows: one step of the sum over k.
template <int R>
CHRONOTRAIL_KERNEL_TARGET inline void Step(const float* x, int k, const std::uint16_t* p, int i,
                                           __m256 (&acc)[R][2]) {
  const __m256 w0 = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i)));
  const __m256 w1 =
      _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i + 8)));
  for (int r = 0; r < R; ++r) {
    const __m256 xi = _mm256_broadcast_ss(x + long(r) * k + i);
    acc[r][0] = _mm256_fmadd_ps(xi, w0, acc[r][0]);
    acc[r][1] = _mm256_fmadd_ps(xi, w1, acc[r][1]);
  }
}

// y[R, 16] += x[R, k]·p[k, 16], p one packed column block. With one or two rows, the sum over k
// is split in two (even and odd k) so that the FMAs do not all wait on each other.
template <int R>
CHRONOTRAIL_KERNEL_TARGET void Tile(const float* x, int k, const std::uint16_t* p, int n,
                                    float* y) {
  constexpr int kSplit = R <= 2 ? 2 : 1;
  __m256 acc[kSplit][R][2];
  for (int s = 0; s < kSplit; ++s) {
    for (int r = 0; r < R; ++r) acc[s][r][0] = acc[s][r][1] = _mm256_setzero_ps();
  }
  int i = 0;
  for (; i + kSplit <= k; i += kSplit) {
    for (int s = 0; s < kSplit; ++s) Step<R>(x, k, p, i + s, acc[s]);
  }
  for (; i < k; ++i) Step<R>(x, k, p, i, acc[0]);
  for (int r = 0; r < R; ++r) {
    __m256 a0 = acc[0][r][0], a1 = acc[0][r][1];
    for (int s = 1; s < kSplit; ++s) {
      a0 = _mm256_add_ps(a0, acc[s][r][0]);
      a1 = _mm256_add_ps(a1, acc[s][r][1]);
    }
    float* out = y + long(r) * n;
    _mm256_storeu_ps(out, _mm256_add_ps(_mm256_loadu_ps(out), a0));
    _mm256_storeu_ps(out + 8, _mm256_add_ps(_mm256_loadu_ps(out + 8), a1));
  }
}

CHRONOTRAIL_KERNEL_TARGET void Pack(const float* w, int k, int n, std::uint16_t* out) {
  for (int b = 0; b < n; b += 16) {
    for (int i = 0; i < k; ++i) {
      const float* row = w + long(i) * n + b;
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out),
                       _mm256_cvtps_ph(_mm256_loadu_ps(row), _MM_FROUND_TO_NEAREST_INT));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 8),
                       _mm256_cvtps_ph(_mm256_loadu_ps(row + 8), _MM_FROUND_TO_NEAREST_INT));
      out += 16;
    }
  }
}

}  // namespace

bool HalfMatrix::Supported() {
  static const bool supported = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                                __builtin_cpu_supports("f16c");
  return supported;
}

HalfMatrix::HalfMatrix(const float* w, int k, int n) {
  if (!Supported() || n % 16 != 0 || k <= 0) return;
  k_ = k;
  n_ = n;
  halves_.resize(size_t(k) * size_t(n));
  Pack(w, k, n, halves_.data());
}

void HalfMatrix::MultiplyAccumulate(const float* x, int rows, float* y) const {
  // Column blocks outermost: a block (k × 32 bytes) is read from memory once and reused from
  // cache by every group of 4 rows.
  for (int c = 0; c < n_; c += 16) {
    const std::uint16_t* p = halves_.data() + long(c) * k_;
    int r = 0;
    for (; r + 4 <= rows; r += 4) Tile<4>(x + long(r) * k_, k_, p, n_, y + long(r) * n_ + c);
    const float* xr = x + long(r) * k_;
    float* yr = y + long(r) * n_ + c;
    switch (rows - r) {
      case 3:
        Tile<3>(xr, k_, p, n_, yr);
        break;
      case 2:
        Tile<2>(xr, k_, p, n_, yr);
        break;
      case 1:
        Tile<1>(xr, k_, p, n_, yr);
        break;
      default:
        break;
    }
  }
}

#else

bool HalfMatrix::Supported() {
  return false;
}
HalfMatrix::HalfMatrix(const float*, int, int) {}
void HalfMatrix::MultiplyAccumulate(const float*, int, float*) const {}

#endif

}  // namespace chronotrail::ai::use_lite
