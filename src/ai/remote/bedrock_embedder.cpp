#include "ai/remote/bedrock_embedder.h"

#include <boost/json.hpp>

#include "ai/remote/provider_call.h"
#include "ai/remote/vector_json.h"
#include "aws/service_call.h"
#include "core/error.h"

namespace chronotrail::ai {
namespace {

class BedrockEmbedder : public Embedder {
 public:
  BedrockEmbedder(BedrockEmbedderOptions options, aws::ServiceCall call)
      : options_(std::move(options)),
        call_(std::move(call)),
        path_("/model/" + aws::UriEncode(options_.model, false) + "/invoke") {}

  std::string Id() const override { return "bedrock:" + options_.model; }
  int Dimensions() const override { return options_.dimensions; }

  std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) const override {
    std::vector<std::vector<float>> vectors;
    vectors.reserve(texts.size());
    for (const std::string& text : texts) vectors.push_back(EmbedOne(text));
    return vectors;
  }

 private:
  std::vector<float> EmbedOne(const std::string& text) const {
    boost::json::object body;
    body["inputText"] = text.empty() ? " " : text;
    body["dimensions"] = options_.dimensions;
    body["normalize"] = true;
    const std::string provider = "Bedrock (" + options_.model + " in " + options_.region + ")";
    const boost::json::value answer = remote::JsonAnswer(
        call_.Post(path_, {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                   boost::json::serialize(body)),
        provider);
    const boost::json::value* embedding =
        answer.is_object() ? answer.as_object().if_contains("embedding") : nullptr;
    if (!embedding) {
      throw ApiError(ErrorKind::kUnavailable, provider + " answered without an embedding");
    }
    return remote::UnitVectorFromJson(*embedding, options_.dimensions, provider);
  }

  const BedrockEmbedderOptions options_;
  const aws::ServiceCall call_;
  const std::string path_;  // as sent: the model id percent-encoded
};

}  // namespace

std::unique_ptr<Embedder> MakeBedrockEmbedder(BedrockEmbedderOptions options,
                                              std::shared_ptr<aws::CredentialProvider> credentials,
                                              const Clock& clock) {
  if (options.dimensions < 1) {
    throw ApiError(ErrorKind::kUnavailable, "the embedding model's dimensions must be set");
  }
  aws::ServiceCall call =
      remote::BedrockRuntimeCall(options.region, options.model, options.endpoint_url,
                                 std::move(credentials), clock, options.timeout_ms);
  return std::make_unique<BedrockEmbedder>(std::move(options), std::move(call));
}

}  // namespace chronotrail::ai
