// y += x·W for a few rows of x: the shape of embedding one short sentence (a handful of tokens
// against weight matrices of up to 1536×512).
//
// BLAS's GEMM packs both operands into blocks on every call, which pays off for big matrices;
// with 3 rows in x, reading and packing W costs far more than the arithmetic, and one short
// sentence streams all 20 MB of float32 weights through the cache. So for few rows W is kept a
// second time, packed once at load: in half precision (IEEE fp16, half the bytes to read; every
// product and sum stays float32) and in blocks of 16 columns stored contiguously, so the kernel
// reads it front to back, keeping rows×16 of y in vector registers.
// The kernel needs AVX2, FMA and F16C, checked once at run time (the default -march build uses
// them where the CPU has them); without them nothing is packed and BLAS does all the work.
// fp16 rounds each weight by at most 2^-11 of its value: vectors change by about 1e-5 in cosine
// (tests/ai/use_lite_reference_test.cpp checks every vector against the JS runtime either way).
#pragma once

#include <cstdint>
#include <vector>

namespace chronotrail::ai::use_lite {

// Up to this many rows, HalfMatrix::MultiplyAccumulate beats BLAS on the full-precision weights
// (measured on Zen 2: 3× faster for 1–3 rows, even at 12, slower beyond).
inline constexpr int kSmallGemmMaxRows = 12;

class HalfMatrix {
 public:
  // Whether this CPU can run the kernel (AVX2, FMA, F16C).
  static bool Supported();

  HalfMatrix() = default;
  // Packs the row-major [k, n] float matrix `w`. Stays empty when !Supported() or n % 16 != 0.
  HalfMatrix(const float* w, int k, int n);

  bool empty() const { return halves_.empty(); }

  // y[rows, n] += x[rows, k]·W, x and y row-major and dense. Must not be empty.
  void MultiplyAccumulate(const float* x, int rows, float* y) const;

 private:
  int k_ = 0;
  int n_ = 0;
  // Column block b (columns 16b .. 16b+15) is halves_[16·k·b ...]: k rows of 16 values.
  std::vector<std::uint16_t> halves_;
};

}  // namespace chronotrail::ai::use_lite
