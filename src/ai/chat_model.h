// ChatModel: a large language model behind a chat API, which the optional answer writer asks to
// word an answer from retrieved sources (services/sourced_answer.h).
//
// Implementations (remote/): an OpenAI-compatible /v1/chat/completions server (OpenAI, Ollama,
// vLLM, llama.cpp's server...) and AWS Bedrock's Converse API. There is no offline one: the
// embedded default writes extractive answers without a model.
//
// Errors: Complete throws ApiError(kUnavailable) for any failure (transport, a status other than
// 200, an answer without text); the caller falls back to its extractive answer.
#pragma once

#include <string>

namespace chronotrail::ai {

struct ChatRequest {
  std::string system;  // instructions
  std::string user;    // the question and its sources
  int max_tokens = 400;
};

class ChatModel {
 public:
  virtual ~ChatModel() = default;
  // "openai:gpt-4o-mini", "bedrock:anthropic.claude-3-haiku-20240307-v1:0": for logs.
  virtual std::string Id() const = 0;
  // The model's reply. Deterministic settings (temperature 0). Thread-safe.
  virtual std::string Complete(const ChatRequest& request) const = 0;
};

}  // namespace chronotrail::ai
