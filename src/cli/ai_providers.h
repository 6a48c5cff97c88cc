// The AI models a server runs with, chosen by settings: the sentence encoder (EMBEDDER), the
// optional answer writer (ANSWER_WRITER), and the media analyzer with its optional providers
// (TRANSCRIBER, PHOTO_*). Offline models whose files are missing are logged and
// left out (search by words only); a remote provider that cannot work as configured is a
// configuration error (ApiError), since the operator asked for it by name.
#pragma once

#include <memory>

#include "ai/chat_model.h"
#include "ai/embedder.h"
#include "core/config.h"
#include "nlp/gazetteer.h"
#include "services/media_analyzer.h"

namespace chronotrail::cli {

// Null for EMBEDDER=none, or use-lite without its model files.
std::unique_ptr<ai::Embedder> LoadEmbedder(const Config& config);

// Null for ANSWER_WRITER=extractive.
std::unique_ptr<ai::ChatModel> LoadAnswerWriter(const Config& config);

// The offline analyzer, behind the providers the settings choose (services/
// provider_media_analyzer.h says what each one changes and what happens when it fails).
// `gazetteer` may be null and must outlive the analyzer.
std::unique_ptr<MediaAnalyzer> LoadMediaAnalyzer(const Config& config,
                                                 const nlp::Gazetteer* gazetteer);

}  // namespace chronotrail::cli
