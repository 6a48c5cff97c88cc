// Answers worded by a chat model from the retrieved sources only: the optional answer writer
// (ANSWER_WRITER=openai|bedrock). The extractive answer (answer_writer.h) stays the ground
// truth: it is given to the model as the computed result (counts and totals over every match
// are exact there), and it is the answer whenever the model fails or nothing was found.
#pragma once

#include <string>
#include <vector>

#include "ai/chat_model.h"
#include "services/answer_writer.h"

namespace chronotrail {

// The request sent to the model: instructions (use only the numbered sources, cite them as [n],
// say so when they do not answer, never invent), then the question, what was searched, the
// computed result, and the sources with their date, kind, place and text (each cut to 600
// characters).
ai::ChatRequest SourcedAnswerRequest(const std::string& question, const AnswerContext& context,
                                     const std::vector<QuerySource>& sources,
                                     const std::string& extractive);

// The model's answer, or `extractive` when there is no model, no source, or the model fails
// (logged as a warning with the model's id and the error; never the question).
std::string WriteSourcedAnswer(const ai::ChatModel* model, const std::string& question,
                               const AnswerContext& context,
                               const std::vector<QuerySource>& sources,
                               const std::string& extractive);

}  // namespace chronotrail
