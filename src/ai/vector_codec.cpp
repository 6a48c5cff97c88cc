#include "ai/vector_codec.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <queue>

namespace chronotrail::ai {
namespace {

static_assert(std::endian::native == std::endian::little, "the blob layout is little-endian");

// The scan is a loop GCC vectorises by itself; cloning it compiles one copy for AVX2 and one for
// the baseline (SSE2) and picks at load time, so the default -march build still gets 256-bit
// vectors where the CPU has them. Both copies add in the same order: the same bits either way.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CHRONOTRAIL_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define CHRONOTRAIL_VECTOR_CLONES
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#define CHRONOTRAIL_HAVE_AVX2_KERNEL 1
// Written out because GCC does not find the multiply-add of pairs (vpmaddwd) in the plain loop
// and widens every product to 32 bits instead (twice the instructions): 16 codes at a time are
// widened to int16, multiplied and summed in pairs into eight int32 lanes. Exact: |product| ≤ 127²,
// and a lane adds dimensions / 8 pairs of them, far from overflowing for any sentence vector.
__attribute__((target("avx2"))) std::int32_t DotCodesAvx2(const std::int8_t* a,
                                                          const std::int8_t* b, size_t n) {
  __m256i sums = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i x =
        _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i)));
    const __m256i y =
        _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i)));
    sums = _mm256_add_epi32(sums, _mm256_madd_epi16(x, y));
  }
  alignas(32) std::int32_t lanes[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), sums);
  std::int32_t sum = 0;
  for (std::int32_t lane : lanes) sum += lane;
  for (; i < n; ++i) sum += std::int16_t(a[i]) * std::int16_t(b[i]);
  return sum;
}
#else
#define CHRONOTRAIL_HAVE_AVX2_KERNEL 0
#endif

bool GoodScale(float scale) {
  return std::isfinite(scale) && scale >= 0;
}

}  // namespace

QuantizedVector Quantize(std::span<const float> vector) {
  float largest = 0;
  for (float x : vector) largest = std::max(largest, std::fabs(x));
  QuantizedVector q;
  q.scale = largest / 127.0f;
  q.codes.resize(vector.size());
  const float inverse = largest > 0 ? 127.0f / largest : 0.0f;
  for (size_t i = 0; i < vector.size(); ++i) {
    const float code = std::nearbyint(vector[i] * inverse);
    q.codes[i] = std::int8_t(std::clamp(code, -127.0f, 127.0f));
  }
  return q;
}

std::vector<float> Dequantize(const QuantizedVector& quantized) {
  std::vector<float> v(quantized.codes.size());
  for (size_t i = 0; i < v.size(); ++i) v[i] = float(quantized.codes[i]) * quantized.scale;
  return v;
}

std::string EncodeVectorBlob(std::span<const float> vector) {
  const QuantizedVector q = Quantize(vector);
  std::string blob(kBlobHeaderBytes + q.codes.size(), '\0');
  std::memcpy(blob.data(), &q.scale, kBlobHeaderBytes);
  std::memcpy(blob.data() + kBlobHeaderBytes, q.codes.data(), q.codes.size());
  return blob;
}

std::optional<QuantizedVector> DecodeVectorBlob(std::string_view blob, int dimensions) {
  if (dimensions < 0 || blob.size() != kBlobHeaderBytes + size_t(dimensions)) return std::nullopt;
  QuantizedVector q;
  std::memcpy(&q.scale, blob.data(), kBlobHeaderBytes);
  if (!GoodScale(q.scale)) return std::nullopt;
  q.codes.resize(size_t(dimensions));
  std::memcpy(q.codes.data(), blob.data() + kBlobHeaderBytes, size_t(dimensions));
  return q;
}

std::int32_t DotCodes(const std::int8_t* a, const std::int8_t* b, size_t dimensions) {
#if CHRONOTRAIL_HAVE_AVX2_KERNEL
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return DotCodesAvx2(a, b, dimensions);
#endif
  std::int32_t sum = 0;
  for (size_t i = 0; i < dimensions; ++i) sum += std::int16_t(a[i]) * std::int16_t(b[i]);
  return sum;
}

CHRONOTRAIL_VECTOR_CLONES
float DotInt8(const float* query, const std::int8_t* codes, int dimensions) {
  // Sixteen independent sums: the compiler may not reorder one float sum, but it turns these
  // lanes into vector registers.
  constexpr int kLanes = 16;
  float lanes[kLanes] = {};
  int i = 0;
  for (; i + kLanes <= dimensions; i += kLanes) {
    for (int j = 0; j < kLanes; ++j) lanes[j] += query[i + j] * float(codes[i + j]);
  }
  float sum = 0;
  for (; i < dimensions; ++i) sum += query[i] * float(codes[i]);
  for (int j = 0; j < kLanes; ++j) sum += lanes[j];
  return sum;
}

void VectorTable::Add(const QuantizedVector& vector) {
  if (vector.codes.size() != size_t(dimensions_)) return;
  codes_.insert(codes_.end(), vector.codes.begin(), vector.codes.end());
  scales_.push_back(vector.scale);
}

bool VectorTable::AddBlobs(std::string_view blobs) {
  const size_t row = kBlobHeaderBytes + size_t(dimensions_);
  if (blobs.size() % row != 0) return false;
  const size_t rows = blobs.size() / row;
  std::vector<float> scales(rows);
  for (size_t r = 0; r < rows; ++r) {
    std::memcpy(&scales[r], blobs.data() + r * row, kBlobHeaderBytes);
    if (!GoodScale(scales[r])) return false;
  }
  codes_.resize(codes_.size() + rows * size_t(dimensions_));
  std::int8_t* out = codes_.data() + codes_.size() - rows * size_t(dimensions_);
  for (size_t r = 0; r < rows; ++r) {
    std::memcpy(out + r * size_t(dimensions_), blobs.data() + r * row + kBlobHeaderBytes,
                size_t(dimensions_));
  }
  scales_.insert(scales_.end(), scales.begin(), scales.end());
  return true;
}

std::vector<ScoredIndex> VectorTable::TopK(std::span<const float> query, size_t k,
                                           const std::function<bool(size_t)>& keep) const {
  if (query.size() != size_t(dimensions_) || k == 0) return {};
  // "a before b" = a ranks higher: a bigger score, or the same score and a smaller index.
  auto ranks_higher = [](const ScoredIndex& a, const ScoredIndex& b) {
    return a.score > b.score || (a.score == b.score && a.index < b.index);
  };
  // The best `n` of `rows` by `score`, best first (a heap whose top is the lowest of the best).
  auto best_of = [&](auto&& rows, size_t n, auto&& score) {
    std::priority_queue<ScoredIndex, std::vector<ScoredIndex>, decltype(ranks_higher)> best(
        ranks_higher);
    rows([&](size_t r) {
      const ScoredIndex candidate{r, score(r)};
      if (best.size() < n) {
        best.push(candidate);
      } else if (ranks_higher(candidate, best.top())) {
        best.pop();
        best.push(candidate);
      }
    });
    std::vector<ScoredIndex> out;
    out.reserve(best.size());
    for (; !best.empty(); best.pop()) out.push_back(best.top());
    std::reverse(out.begin(), out.end());
    return out;
  };
  const std::int8_t* codes = codes_.data();
  const size_t dims = size_t(dimensions_);
  // Pass 1, over every row: the query in int8 too, so the dot product is integer arithmetic.
  const QuantizedVector q8 = Quantize(query);
  const size_t shortlist = std::max(4 * k, size_t{64});
  std::vector<ScoredIndex> candidates = best_of(
      [&](auto&& visit) {
        for (size_t r = 0; r < scales_.size(); ++r) {
          if (!keep || keep(r)) visit(r);
        }
      },
      shortlist,
      [&](size_t r) {
        return scales_[r] * float(DotCodes(q8.codes.data(), codes + r * dims, dims));
      });
  // Pass 2, over the shortlist: the float query, for the same scores as a float-only scan.
  return best_of(
      [&](auto&& visit) {
        for (const ScoredIndex& c : candidates) visit(c.index);
      },
      k,
      [&](size_t r) { return scales_[r] * DotInt8(query.data(), codes + r * dims, dimensions_); });
}

}  // namespace chronotrail::ai
