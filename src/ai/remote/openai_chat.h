// A ChatModel over an OpenAI-compatible chat-completions endpoint.
//
// Wire format: POST {base_url}/chat/completions with
//   {"model": MODEL, "messages": [{"role": "system", "content": SYSTEM},
//    {"role": "user", "content": USER}], "temperature": 0, "max_tokens": N}
// and, when an API key is configured, "Authorization: Bearer KEY"; the reply is
// choices[0].message.content.
//
// Errors: ApiError(kUnavailable) naming the server and the status (never the key or the texts).
#pragma once

#include <memory>
#include <string>

#include "ai/chat_model.h"

namespace chronotrail::ai {

struct OpenAiChatOptions {
  std::string base_url;  // up to and including the version: "https://api.openai.com/v1"
  std::string model;     // "gpt-4o-mini", "llama3.1:8b", ...
  std::string api_key;   // empty: no Authorization header (local servers)
  int timeout_ms = 30000;
};

// Throws ApiError(kUnavailable) for options that cannot work (no URL, no model).
std::unique_ptr<ChatModel> MakeOpenAiChat(OpenAiChatOptions options);

}  // namespace chronotrail::ai
