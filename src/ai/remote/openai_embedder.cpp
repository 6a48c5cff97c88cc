#include "ai/remote/openai_embedder.h"

#include <boost/json.hpp>

#include "ai/remote/provider_call.h"
#include "ai/remote/vector_json.h"
#include "core/error.h"

namespace chronotrail::ai {
namespace {

constexpr size_t kTextsPerRequest = 64;

class OpenAiEmbedder : public Embedder {
 public:
  explicit OpenAiEmbedder(OpenAiEmbedderOptions options) : options_(std::move(options)) {}

  std::string Id() const override { return "openai:" + options_.model; }
  int Dimensions() const override { return options_.dimensions; }

  std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) const override {
    std::vector<std::vector<float>> vectors;
    vectors.reserve(texts.size());
    for (size_t first = 0; first < texts.size(); first += kTextsPerRequest) {
      const size_t last = std::min(texts.size(), first + kTextsPerRequest);
      EmbedRequest(texts, first, last, vectors);
    }
    return vectors;
  }

 private:
  // Embeds texts[first, last) with one request, appending their vectors to `out` in order.
  void EmbedRequest(const std::vector<std::string>& texts, size_t first, size_t last,
                    std::vector<std::vector<float>>& out) const {
    boost::json::array input;
    for (size_t i = first; i < last; ++i) input.emplace_back(texts[i]);
    boost::json::object body;
    body["model"] = options_.model;
    body["input"] = std::move(input);

    const std::string provider = "the embeddings server at " + options_.base_url;
    const boost::json::value answer = remote::PostOpenAiJson(
        options_.base_url, "/embeddings", options_.api_key, body, options_.timeout_ms, provider);
    const boost::json::array* data = nullptr;
    if (answer.is_object()) {
      if (const boost::json::value* d = answer.as_object().if_contains("data"))
        data = d->if_array();
    }
    if (!data || data->size() != last - first) {
      throw ApiError(ErrorKind::kUnavailable,
                     provider + " answered without one embedding per text");
    }
    std::vector<std::vector<float>> ordered(last - first);
    for (size_t i = 0; i < data->size(); ++i) {
      const boost::json::object* item = (*data)[i].if_object();
      const boost::json::value* index = item ? item->if_contains("index") : nullptr;
      const boost::json::value* embedding = item ? item->if_contains("embedding") : nullptr;
      // "index" is optional in some servers; without it the list order is the input order.
      size_t at = i;
      if (index) {
        if (!index->is_int64() || index->as_int64() < 0 ||
            size_t(index->as_int64()) >= ordered.size()) {
          throw ApiError(ErrorKind::kUnavailable, provider + " answered a bad embedding index");
        }
        at = size_t(index->as_int64());
      }
      if (!embedding || !ordered[at].empty()) {
        throw ApiError(ErrorKind::kUnavailable, provider + " answered a malformed embedding list");
      }
      ordered[at] = remote::UnitVectorFromJson(*embedding, options_.dimensions, provider);
    }
    for (auto& v : ordered) out.push_back(std::move(v));
  }

  OpenAiEmbedderOptions options_;
};

}  // namespace

std::unique_ptr<Embedder> MakeOpenAiEmbedder(OpenAiEmbedderOptions options) {
  if (options.base_url.empty())
    throw ApiError(ErrorKind::kUnavailable, "the embeddings server needs a URL");
  if (options.model.empty())
    throw ApiError(ErrorKind::kUnavailable, "the embeddings server needs a model");
  if (options.dimensions < 1) {
    throw ApiError(ErrorKind::kUnavailable, "the embedding model's dimensions must be set");
  }
  return std::make_unique<OpenAiEmbedder>(std::move(options));
}

}  // namespace chronotrail::ai
