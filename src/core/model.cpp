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

}  // namespace chronotrail
