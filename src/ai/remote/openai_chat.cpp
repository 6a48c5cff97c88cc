#include "ai/remote/openai_chat.h"

#include <boost/json.hpp>

#include "ai/remote/provider_call.h"
#include "core/error.h"

namespace chronotrail::ai {
namespace {

class OpenAiChat : public ChatModel {
 public:
  explicit OpenAiChat(OpenAiChatOptions options) : options_(std::move(options)) {}

  std::string Id() const override { return "openai:" + options_.model; }

  std::string Complete(const ChatRequest& chat) const override {
    boost::json::object body;
    body["model"] = options_.model;
    body["messages"] =
        boost::json::array{boost::json::object{{"role", "system"}, {"content", chat.system}},
                           boost::json::object{{"role", "user"}, {"content", chat.user}}};
    body["temperature"] = 0;
    body["max_tokens"] = chat.max_tokens;

    const std::string provider = "the chat server at " + options_.base_url;
    const boost::json::value answer =
        remote::PostOpenAiJson(options_.base_url, "/chat/completions", options_.api_key, body,
                               options_.timeout_ms, provider);
    boost::system::error_code ec;
    const boost::json::value* content = answer.find_pointer("/choices/0/message/content", ec);
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
