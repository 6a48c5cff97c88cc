// The pieces of the settings table (core/config.cpp) shared with the files that add groups of
// settings to it. Internal to src/core.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/config.h"

namespace chronotrail::config_table {

// Applies a value to the configuration; throws std::invalid_argument with the reason.
using Apply = std::function<void(Config&, const std::string&)>;

struct Setting {
  SettingInfo info;
  Apply apply;
};

// A whole number in [min, max]; throws std::invalid_argument otherwise.
int ParseInt(const std::string& v, int min, int max);
// `v`, unless it is empty (throws std::invalid_argument).
std::string NonEmpty(const std::string& v);
// `v`, when it is one of `choices` (throws std::invalid_argument listing them).
std::string OneOf(const std::string& v, const std::vector<std::string>& choices);

// The optional remote AI providers: answers, photos, voice notes, vectors
// (core/ai_provider_settings.cpp).
void AddAiProviderSettings(std::vector<Setting>& table);
// Throws ConfigError when the chosen providers cannot work with the rest of `config`.
void CheckAiProviderSettings(const Config& config);

}  // namespace chronotrail::config_table
