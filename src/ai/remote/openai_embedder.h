// An Embedder over an OpenAI-compatible embeddings endpoint: OpenAI itself, and the servers that
// copy its API (Ollama, vLLM, llama.cpp's server, LiteLLM...).
//
// Wire format: POST {base_url}/embeddings with {"model": MODEL, "input": [texts...]} as JSON and,
// when an API key is configured, "Authorization: Bearer KEY"; the answer's
// {"data": [{"index": i, "embedding": [...]}, ...]} is put back in input order. Texts go in
// requests of at most 64 (OpenAI accepts 2048, small local servers struggle long before).
// Vectors are L2-normalised here, since not every compatible server does it.
//
// Errors: ApiError(kUnavailable) for a transport failure, an answer other than 200 (naming its
// status and error code, never the key or the texts) and an answer of the wrong shape or size.
// Thread-safe: each call makes its own requests.
#pragma once

#include <memory>
#include <string>

#include "ai/embedder.h"

namespace chronotrail::ai {

struct OpenAiEmbedderOptions {
  // Up to and including the version: "https://api.openai.com/v1", "http://localhost:11434/v1".
  std::string base_url;
  std::string model;    // "text-embedding-3-small", "nomic-embed-text", ...
  std::string api_key;  // empty: no Authorization header (local servers)
  int dimensions = 0;   // what the model returns (1536, 768, ...); answers must match it
  int timeout_ms = 30000;
};

// Id() is "openai:" + model. Throws ApiError(kUnavailable) for options that cannot work (no URL,
// no model, dimensions < 1).
std::unique_ptr<Embedder> MakeOpenAiEmbedder(OpenAiEmbedderOptions options);

}  // namespace chronotrail::ai
