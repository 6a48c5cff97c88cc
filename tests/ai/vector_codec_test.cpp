// int8 vectors: the round trip loses little, the blob is what the header says, and the scan
// finds exactly the k best.
#include "ai/vector_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace chronotrail {
namespace {

std::vector<float> RandomUnitVector(std::mt19937& rng, int dims) {
  std::normal_distribution<float> gauss;
  std::vector<float> v(static_cast<size_t>(dims));
  double norm = 0;
  for (float& x : v) {
    x = gauss(rng);
    norm += double(x) * x;
  }
  for (float& x : v) x = float(x / std::sqrt(norm));
  return v;
}

double Dot(const std::vector<float>& a, const std::vector<float>& b) {
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i) d += double(a[i]) * b[i];
  return d;
}

TEST(VectorCodec, RoundTripErrorIsSmall) {
  std::mt19937 rng(7);
  double worst_relative = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const std::vector<float> v = RandomUnitVector(rng, 512);
    const ai::QuantizedVector q = ai::Quantize(v);
    const std::vector<float> back = ai::Dequantize(q);
    ASSERT_EQ(back.size(), v.size());
    double error = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      // Each coordinate within half a step.
      ASSERT_LE(std::fabs(back[i] - v[i]), q.scale * 0.5f * 1.0001f);
      error += double(back[i] - v[i]) * (back[i] - v[i]);
    }
    worst_relative = std::max(worst_relative, std::sqrt(error));  // |v| = 1
  }
  EXPECT_LT(worst_relative, 0.015);
  std::cout << "worst relative round-trip error over 200 unit vectors of 512: " << worst_relative
            << "\n";
}

TEST(VectorCodec, ZeroAndExtremeVectors) {
  const std::vector<float> zero(8, 0.0f);
  const ai::QuantizedVector q = ai::Quantize(zero);
  EXPECT_EQ(q.scale, 0.0f);
  EXPECT_EQ(ai::Dequantize(q), zero);
  const std::vector<float> extremes = {1.0f, -1.0f, 0.5f, -0.25f};
  const ai::QuantizedVector e = ai::Quantize(extremes);
  EXPECT_EQ(e.codes, (std::vector<std::int8_t>{127, -127, 64, -32}));
}

TEST(VectorCodec, BlobLayoutIsScaleThenCodes) {
  const std::vector<float> v = {0.5f, -0.25f, 0.0f};
  const std::string blob = ai::EncodeVectorBlob(v);
  ASSERT_EQ(blob.size(), 4u + 3u);
  float scale;
  std::memcpy(&scale, blob.data(), 4);
  EXPECT_FLOAT_EQ(scale, 0.5f / 127);
  EXPECT_EQ(std::int8_t(blob[4]), 127);
  EXPECT_EQ(std::int8_t(blob[5]), -64);  // -63.5 rounds to even
  EXPECT_EQ(std::int8_t(blob[6]), 0);

  const auto decoded = ai::DecodeVectorBlob(blob, 3);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->scale, scale);
  EXPECT_EQ(decoded->codes, (std::vector<std::int8_t>{127, -64, 0}));

  EXPECT_FALSE(ai::DecodeVectorBlob(blob, 4));            // wrong length
  EXPECT_FALSE(ai::DecodeVectorBlob(blob.substr(1), 3));  // too short
  std::string bad = blob;
  const float nan = std::nanf("");
  std::memcpy(bad.data(), &nan, 4);
  EXPECT_FALSE(ai::DecodeVectorBlob(bad, 3));
}

TEST(VectorCodec, DotProductMatchesAPlainLoopForEveryLength) {
  std::mt19937 rng(3);
  for (int dims : {0, 1, 7, 15, 16, 17, 33, 100, 512, 1024}) {
    const std::vector<float> query = RandomUnitVector(rng, std::max(dims, 1));
    const ai::QuantizedVector q = ai::Quantize(RandomUnitVector(rng, std::max(dims, 1)));
    double expected = 0;
    for (int i = 0; i < dims; ++i) expected += double(query[size_t(i)]) * q.codes[size_t(i)];
    EXPECT_NEAR(ai::DotInt8(query.data(), q.codes.data(), dims), expected, 1e-3) << dims;
  }
}

TEST(VectorCodec, TopKIsTheExactBestInOrder) {
  std::mt19937 rng(11);
  const int dims = 64;
  ai::VectorTable table(dims);
  std::vector<ai::QuantizedVector> stored;
  for (int i = 0; i < 2000; ++i) {
    stored.push_back(ai::Quantize(RandomUnitVector(rng, dims)));
    table.Add(stored.back());
  }
  ASSERT_EQ(table.size(), 2000u);
  const std::vector<float> query = RandomUnitVector(rng, dims);

  // Brute force over the same quantised vectors.
  std::vector<std::pair<double, size_t>> all;
  for (size_t i = 0; i < stored.size(); ++i)
    all.push_back({Dot(query, ai::Dequantize(stored[i])), i});
  std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first > b.first; });

  const auto top = table.TopK(query, 10);
  ASSERT_EQ(top.size(), 10u);
  for (size_t r = 0; r < top.size(); ++r) {
    EXPECT_EQ(top[r].index, all[r].second) << "rank " << r;
    EXPECT_NEAR(top[r].score, all[r].first, 1e-4);
  }
  EXPECT_EQ(table.TopK(query, 5000).size(), 2000u);
  EXPECT_TRUE(table.TopK(query, 0).empty());
  EXPECT_TRUE(table.TopK(std::vector<float>(dims + 1), 3).empty());  // wrong dimension
}

TEST(VectorCodec, IntegerDotProductIsExactForEveryLength) {
  std::mt19937 rng(4);
  for (int dims : {0, 1, 7, 15, 16, 17, 33, 100, 512, 1024}) {
    const ai::QuantizedVector a = ai::Quantize(RandomUnitVector(rng, std::max(dims, 1)));
    const ai::QuantizedVector b = ai::Quantize(RandomUnitVector(rng, std::max(dims, 1)));
    std::int64_t expected = 0;
    for (int i = 0; i < dims; ++i) expected += a.codes[size_t(i)] * b.codes[size_t(i)];
    EXPECT_EQ(ai::DotCodes(a.codes.data(), b.codes.data(), size_t(dims)), expected) << dims;
  }
  // The extremes: 1024 products of -127 · -127 still fit.
  const std::vector<std::int8_t> low(1024, -127);
  EXPECT_EQ(ai::DotCodes(low.data(), low.data(), low.size()), 1024 * 127 * 127);
}

TEST(VectorCodec, TopKOfSentenceSizedVectorsMatchesAFloatScanAndHonoursTheFilter) {
  // 512 dimensions, as the sentence encoder makes: the int8 shortlist must not change the
  // float ranking.
  std::mt19937 rng(21);
  const int dims = 512;
  ai::VectorTable table(dims);
  std::vector<ai::QuantizedVector> stored;
  for (int i = 0; i < 5000; ++i) {
    stored.push_back(ai::Quantize(RandomUnitVector(rng, dims)));
    table.Add(stored.back());
  }
  for (int trial = 0; trial < 5; ++trial) {
    const std::vector<float> query = RandomUnitVector(rng, dims);
    auto even = [](size_t i) { return i % 2 == 0; };
    std::vector<std::pair<float, size_t>> all;
    for (size_t i = 0; i < stored.size(); ++i) {
      if (!even(i)) continue;
      all.push_back({stored[i].scale * ai::DotInt8(query.data(), stored[i].codes.data(), dims), i});
    }
    std::sort(all.begin(), all.end(), [](auto& a, auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    const auto top = table.TopK(query, 100, even);
    ASSERT_EQ(top.size(), 100u);
    for (size_t r = 0; r < top.size(); ++r) {
      EXPECT_EQ(top[r].index, all[r].second) << "trial " << trial << " rank " << r;
      EXPECT_EQ(top[r].score, all[r].first);
    }
  }
  EXPECT_TRUE(table.TopK(std::vector<float>(dims, 0.1f), 3, [](size_t) { return false; }).empty());
}

TEST(VectorCodec, TiesGoToTheLowerIndex) {
  ai::VectorTable table(4);
  const std::vector<float> same = {0.5f, 0.5f, 0.5f, 0.5f};
  for (int i = 0; i < 5; ++i) table.Add(same);
  const auto top = table.TopK(same, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].index, 0u);
  EXPECT_EQ(top[1].index, 1u);
  EXPECT_EQ(top[2].index, 2u);
}

TEST(VectorCodec, TableReadsConcatenatedBlobs) {
  std::mt19937 rng(5);
  std::string blobs;
  std::vector<std::vector<float>> vectors;
  for (int i = 0; i < 50; ++i) {
    vectors.push_back(RandomUnitVector(rng, 32));
    blobs += ai::EncodeVectorBlob(vectors.back());
  }
  ai::VectorTable table(32);
  ASSERT_TRUE(table.AddBlobs(blobs));
  EXPECT_EQ(table.size(), 50u);
  const auto top = table.TopK(vectors[17], 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].index, 17u);
  EXPECT_NEAR(top[0].score, 1.0, 0.02);
  EXPECT_FALSE(table.AddBlobs(blobs.substr(1)));  // not whole rows
  EXPECT_EQ(table.size(), 50u);
}

}  // namespace
}  // namespace chronotrail
