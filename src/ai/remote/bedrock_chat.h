// A ChatModel over AWS Bedrock's Converse API (any Bedrock text model: Claude, Llama, Titan,
// Mistral, Nova).
//
// Wire format:
//   POST https://bedrock-runtime.{region}.amazonaws.com/model/{model id}/converse
//   {"system": [{"text": SYSTEM}], "messages": [{"role": "user", "content": [{"text": USER}]}],
//    "inferenceConfig": {"maxTokens": N, "temperature": 0}}
//   → {"output": {"message": {"role": "assistant", "content": [{"text": ...}, ...]}}, ...}
// signed with SigV4 for service "bedrock"; the model id is percent-encoded in the path (':' as
// %3A), as for InvokeModel. The reply is the concatenation of the content's text blocks.
//
// Errors: ApiError(kUnavailable) for missing credentials, a transport failure, a status other
// than 200 (a 403 usually means the model is not enabled for the account or region) and an answer
// without text.
#pragma once

#include <memory>
#include <string>

#include "ai/chat_model.h"
#include "aws/credentials.h"
#include "core/time.h"

namespace chronotrail::ai {

struct BedrockChatOptions {
  std::string region;  // "eu-west-1"
  std::string model = "anthropic.claude-3-haiku-20240307-v1:0";
  std::string endpoint_url;  // instead of bedrock-runtime.{region}.amazonaws.com (tests)
  int timeout_ms = 30000;
};

// `clock` (X-Amz-Date) must outlive the model. Throws ApiError(kUnavailable) for options that
// cannot work (no region, no model, no credentials, a bad endpoint URL).
std::unique_ptr<ChatModel> MakeBedrockChat(BedrockChatOptions options,
                                           std::shared_ptr<aws::CredentialProvider> credentials,
                                           const Clock& clock = SystemClock::Instance());

}  // namespace chronotrail::ai
