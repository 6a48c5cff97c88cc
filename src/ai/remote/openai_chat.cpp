#include "ai/remote/openai_chat.h"

#include <boost/json.hpp>

#include "ai/remote/vector_json.h"
#include "core/error.h"
#include "net/http_fetch.h"

namespace chronotrail::ai {
namespace {

class OpenAiChat : public ChatModel {
 public:
  explicit OpenAiChat(OpenAiChatOptions options) : options_(std::move(options)) {
    while (!options_.base_url.empty() && options_.base_url.back() == '/') {
      options_.base_url.pop_back();
    }
  }

  std::string Id() const override { return "openai:" + options_.model; }

  std::string Complete(const ChatRequest& chat) const override {
    boost::json::object body;
    body["model"] = options_.model;
    body["messages"] =
        boost::json::array{boost::json::object{{"role", "system"}, {"content", chat.system}},
                           boost::json::object{{"role", "user"}, {"content", chat.user}}};
    body["temperature"] = 0;
    body["max_tokens"] = chat.max_tokens;

    net::HttpRequest request;
    request.method = "POST";
    request.url = options_.base_url + "/chat/completions";
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    if (!options_.api_key.empty()) {
      request.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
    }
    request.body = boost::json::serialize(body);
    request.timeout_ms = options_.timeout_ms;
    const net::HttpResponse response = net::HttpFetch(request);
    const std::string provider = "the chat server at " + options_.base_url;
    if (response.status != 200) {
      throw ApiError(
          ErrorKind::kUnavailable,
          provider + " answered " + remote::DescribeErrorAnswer(response.status, response.body));
    }
    boost::system::error_code ec;
    const boost::json::value answer = boost::json::parse(response.body, ec);
    const boost::json::value* content = nullptr;
    if (!ec && answer.is_object()) {
      const boost::json::value* choices = answer.as_object().if_contains("choices");
      if (choices && choices->is_array() && !choices->as_array().empty()) {
        content = choices->as_array()[0].find_pointer("/message/content", ec);
      }
    }
    if (!content || !content->is_string() || content->as_string().empty()) {
      throw ApiError(ErrorKind::kUnavailable, provider + " answered without text");
    }
    return std::string(content->as_string());
  }

 private:
  OpenAiChatOptions options_;
};

}  // namespace

std::unique_ptr<ChatModel> MakeOpenAiChat(OpenAiChatOptions options) {
  if (options.base_url.empty())
    throw ApiError(ErrorKind::kUnavailable, "the chat server needs a URL");
  if (options.model.empty())
    throw ApiError(ErrorKind::kUnavailable, "the chat server needs a model");
  return std::make_unique<OpenAiChat>(std::move(options));
}

}  // namespace chronotrail::ai
