#include "core/model.h"

namespace chronotrail {

const char* TierName(Tier tier) {
  switch (tier) {
    case Tier::kFree:
      return "free";
    case Tier::kPremium:
      return "premium";
    case Tier::kPro:
      return "pro";
  }
  return "free";
}

std::optional<Tier> ParseTier(std::string_view name) {
  if (name == "free") return Tier::kFree;
  if (name == "premium") return Tier::kPremium;
  if (name == "pro") return Tier::kPro;
  return std::nullopt;
}

const char* MediaTypeName(MediaType type) {
  return type == MediaType::kVoice ? "voice" : "photo";
}

std::optional<MediaType> ParseMediaType(std::string_view name) {
  if (name == "photo") return MediaType::kPhoto;
  if (name == "voice") return MediaType::kVoice;
  return std::nullopt;
}

const char* ProcessingStatusName(ProcessingStatus status) {
  switch (status) {
    case ProcessingStatus::kPending:
      return "pending";
    case ProcessingStatus::kProcessing:
      return "processing";
    case ProcessingStatus::kCompleted:
      return "completed";
    case ProcessingStatus::kFailed:
      return "failed";
  }
  return "pending";
}

std::optional<ProcessingStatus> ParseProcessingStatus(std::string_view name) {
  for (auto s : {ProcessingStatus::kPending, ProcessingStatus::kProcessing,
                 ProcessingStatus::kCompleted, ProcessingStatus::kFailed}) {
    if (name == ProcessingStatusName(s)) return s;
  }
  return std::nullopt;
}

}  // namespace chronotrail
