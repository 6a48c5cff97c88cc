// Compact sentence vectors for storage and search: each vector is kept as int8 codes with one
// float scale (q[i] = round(v[i] / scale), scale = max|v[i]| / 127), a quarter of float32's size,
// and searched by an exact scan that never expands the codes back to floats.
//
// For unit vectors of 512 dimensions the round-trip error is about 1% of the norm (each code is
// off by at most half a step), which barely moves cosine rankings (tests/ai/vector_codec_test.cpp).
//
// Blob layout (the BLOB column): 4 bytes scale (IEEE float32, little-endian), then one signed
// byte per dimension. The same bytes back to back form a VectorTable, so a search can run over
// rows read straight from the database.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chronotrail::ai {

struct QuantizedVector {
  float scale = 0;
  std::vector<std::int8_t> codes;
};

QuantizedVector Quantize(std::span<const float> vector);
std::vector<float> Dequantize(const QuantizedVector& quantized);

// Bytes of the blob layout above: 4 + vector.size().
inline constexpr size_t kBlobHeaderBytes = 4;
std::string EncodeVectorBlob(std::span<const float> vector);
// nullopt when `blob` is not 4 + `dimensions` bytes or its scale is not a finite number >= 0.
std::optional<QuantizedVector> DecodeVectorBlob(std::string_view blob, int dimensions);

// Σ query[i]·codes[i], in float; multiply by the vector's scale for the dot product.
float DotInt8(const float* query, const std::int8_t* codes, int dimensions);
// Σ a[i]·b[i] of two code vectors, exact in integers (half the work of DotInt8 per row).
std::int32_t DotCodes(const std::int8_t* a, const std::int8_t* b, size_t dimensions);

struct ScoredIndex {
  size_t index = 0;  // position in the table
  float score = 0;   // dot product with the query (the cosine for unit vectors)
};

// Many quantised vectors of one dimension, stored contiguously (codes in one array, scales in
// another) for a cache-friendly scan.
class VectorTable {
 public:
  explicit VectorTable(int dimensions) : dimensions_(dimensions) {}

  int dimensions() const { return dimensions_; }
  size_t size() const { return scales_.size(); }

  void Add(const QuantizedVector& vector);
  void Add(std::span<const float> vector) { Add(Quantize(vector)); }
  // Appends rows in blob layout laid back to back (what concatenating the BLOB column gives);
  // false, adding nothing, when the size is not a whole number of rows or a scale is bad.
  bool AddBlobs(std::string_view blobs);

  // The `k` rows (of those `keep` accepts, when given) with the highest dot product with `query`
  // (which must have dimensions() floats), best first; equal scores are ordered by index.
  // Every row is scored, in two passes: the query rounded to int8 picks a shortlist of 4k (at
  // least 64) by integer arithmetic, then the float query scores the shortlist. Rounding moves
  // a score by about 0.005, far less than the gap between the k-th and the 4k-th of real data,
  // so the result is the exact float ranking.
  std::vector<ScoredIndex> TopK(std::span<const float> query, size_t k,
                                const std::function<bool(size_t)>& keep = nullptr) const;

 private:
  int dimensions_;
  std::vector<std::int8_t> codes_;  // size() × dimensions_
  std::vector<float> scales_;
};

}  // namespace chronotrail::ai
