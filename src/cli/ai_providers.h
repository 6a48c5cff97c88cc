// The AI models a server runs with, chosen by settings: the sentence encoder (EMBEDDER) and the
// optional answer writer (ANSWER_WRITER). Offline models whose files are missing are logged and
// left out (search by words only); a remote provider that cannot work as configured is a
// configuration error (ApiError), since the operator asked for it by name.
#pragma once

#include <memory>

#include "ai/chat_model.h"
#include "ai/embedder.h"
#include "core/config.h"

namespace chronotrail::cli {

// Null for EMBEDDER=none, or use-lite without its model files.
std::unique_ptr<ai::Embedder> LoadEmbedder(const Config& config);

// Null for ANSWER_WRITER=extractive.
std::unique_ptr<ai::ChatModel> LoadAnswerWriter(const Config& config);

}  // namespace chronotrail::cli
