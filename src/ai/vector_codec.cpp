#include "ai/vector_codec.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
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

std::vector<ScoredIndex> VectorTable::TopK(std::span<const float> query, size_t k) const {
  if (query.size() != size_t(dimensions_) || k == 0) return {};
  // "a before b" = a ranks higher: a bigger score, or the same score and a smaller index.
  auto ranks_higher = [](const ScoredIndex& a, const ScoredIndex& b) {
    return a.score > b.score || (a.score == b.score && a.index < b.index);
  };
  // A heap whose top is the lowest-ranked of the best k so far.
  std::priority_queue<ScoredIndex, std::vector<ScoredIndex>, decltype(ranks_higher)> best(
      ranks_higher);
  for (size_t r = 0; r < scales_.size(); ++r) {
    const float score =
        scales_[r] * DotInt8(query.data(), codes_.data() + r * size_t(dimensions_), dimensions_);
    const ScoredIndex candidate{r, score};
    if (best.size() < k) {
      best.push(candidate);
    } else if (ranks_higher(candidate, best.top())) {
      best.pop();
      best.push(candidate);
    }
  }
  std::vector<ScoredIndex> out;
  out.reserve(best.size());
  for (; !best.empty(); best.pop()) out.push_back(best.top());
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace chronotrail::ai
