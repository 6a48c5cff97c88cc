#include <iostream>

#include "cli/commands.h"

namespace chronotrail::cli {

int Settings(const Args& args, const Config&) {
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    std::cout << "Usage: chronotrail settings\n\n"
                 "Prints every configuration setting as a Markdown table: name, default, "
                 "meaning.\n";
    return 0;
  }
  std::cout << "| Setting | Default | Meaning |\n|---|---|---|\n";
  for (const SettingInfo& s : AllSettings()) {
    std::cout << "| `" << s.name << "` | " << s.default_text << " | " << s.meaning << " |\n";
  }
  return 0;
}

}  // namespace chronotrail::cli
