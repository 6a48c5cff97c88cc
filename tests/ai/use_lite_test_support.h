// Shared by the USE-Lite tests: the model loaded once per test binary, and vector helpers.
#pragma once

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "ai/embedder.h"
#include "ai/use_lite/use_lite_embedder.h"

namespace chronotrail::testing {

inline std::string UseLiteModelDir() {
  return std::string(CHRONOTRAIL_SOURCE_DIR) + "/" + ai::kUseLiteModelDir;
}

// Loading takes a few hundred milliseconds: once for all tests.
inline const ai::Embedder& SharedUseLite() {
  static const std::unique_ptr<ai::Embedder> embedder = ai::LoadUseLiteEmbedder(UseLiteModelDir());
  return *embedder;
}

inline double Cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  return dot / std::sqrt(na * nb);
}

}  // namespace chronotrail::testing
