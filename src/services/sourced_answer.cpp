#include "services/sourced_answer.h"

#include "core/log.h"

namespace chronotrail {
namespace {

constexpr size_t kMaxSourceChars = 600;

constexpr const char* kInstructions =
    "You answer questions about the user's own timeline: places they visited, notes they wrote, "
    "photos and voice notes. Use only the numbered sources below and the computed result; cite "
    "the sources you use as [1], [2]. If the sources do not answer the question, say so plainly "
    "and do not guess. Never invent places, people, times or numbers. Dates and times are in the "
    "user's time zone. Answer in one to three sentences, speaking to the user as \"you\".";

// "Blue Bottle Coffee, 123 Main St" or "".
std::string PlaceText(const Place& p) {
  std::string text;
  for (const std::string& n : p.names) {
    if (!text.empty()) text += ", ";
    text += n;
  }
  if (p.address) {
    if (!text.empty()) text += ", ";
    text += *p.address;
  }
  return text;
}

std::string Cut(const std::string& text) {
  if (text.size() <= kMaxSourceChars) return text;
  size_t end = kMaxSourceChars;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // UTF-8
  return text.substr(0, end) + "…";
}

}  // namespace

ai::ChatRequest SourcedAnswerRequest(const std::string& question, const AnswerContext& context,
                                     const std::vector<QuerySource>& sources,
                                     const std::string& extractive) {
  const int offset = context.offset_minutes;
  std::string user = "Question: " + question + "\n";
  const SearchScope& scope = context.scope;
  if (scope.from || scope.to) {
    user.append("Searched: ");
    user.append(scope.from ? FormatDay(*scope.from, offset) : "the beginning");
    user.append(" to ");
    user.append(scope.to ? FormatDay(*scope.to, offset) : "now");
    user.append("\n");
  }
  user.append("Computed result: ").append(extractive).append("\n\nSources:\n");
  for (size_t i = 0; i < sources.size(); ++i) {
    const QuerySource& s = sources[i];
    user.append("[").append(std::to_string(i + 1)).append("] ");
    user.append(FormatDay(s.timestamp, offset))
        .append(" ")
        .append(FormatClock(s.timestamp, offset));
    user.append(", ").append(s.type);
    std::string place = PlaceText(s.place);
    if (!place.empty()) user.append(", at ").append(place);
    if (s.duration_minutes) {
      user.append(", for ").append(std::to_string(*s.duration_minutes)).append(" minutes");
    }
    user.append(": ").append(Cut(s.content)).append("\n");
  }
  return {kInstructions, user, 400};
}

std::string WriteSourcedAnswer(const ai::ChatModel* model, const std::string& question,
                               const AnswerContext& context,
                               const std::vector<QuerySource>& sources,
                               const std::string& extractive) {
  if (!model || sources.empty()) return extractive;
  try {
    return model->Complete(SourcedAnswerRequest(question, context, sources, extractive));
  } catch (const std::exception& e) {
    Log(LogLevel::kWarn, "answer_writer_failed",
        {{"model", model->Id()}, {"error", e.what()}, {"effect", "extractive answer"}});
    return extractive;
  }
}

}  // namespace chronotrail
