// `chronotrail nlp time`: the time-expression parser of src/nlp on the command line, one JSON
// line in, one JSON line out, so benchmarks and other tools can drive it without the server.
#include <boost/json.hpp>
#include <ctime>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "nlp/time_expression.h"

namespace chronotrail::cli {
namespace {

constexpr const char* kUsage = R"(Usage: chronotrail nlp time --jsonl
       chronotrail nlp time [--reference ISO-8601] PHRASE...
       chronotrail nlp embed --jsonl | --bench  (sentence vectors: see `nlp embed --help`)

Resolves English time expressions ("last Tuesday", "from 2 to 5 pm", "3 days ago").

  --jsonl           Read one JSON object per line on stdin:
                      {"text": "next monday", "reference": "2013-02-12T04:30:00-02:00"}
                    ("timezone": an IANA name, optional, replaces the reference's offset by the
                    zone's offset at that instant) and write one line per input line:
                      {"kind": "instant"|"interval"|"open_before"|"open_after"|"none",
                       "grain": "second"|"minute"|"hour"|"day"|"week"|"month"|"quarter"|"year",
                       "value" (instant) | "from" and/or "to" (the others): ISO-8601 in the
                       reference's offset}
                    Intervals are [from, to): "to" is exclusive. A line that is not such an object
                    gets {"error": "..."} in its place, and the exit code is 1 at the end.
  --reference ISO   "Now" for PHRASE (default: the current time, UTC).

Exit codes: 0 every line answered, 1 some input line was malformed, 2 bad usage.
)";

std::string ErrorLine(const std::string& message) {
  boost::json::object o;
  o["error"] = message;
  return boost::json::serialize(o);
}

// One input line to one output line; false when the line was malformed.
bool AnswerLine(const std::string& line, std::string& out) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  if (ec || !v.is_object()) {
    out = ErrorLine("line is not a JSON object");
    return false;
  }
  const boost::json::object& o = v.as_object();
  const boost::json::value* text = o.if_contains("text");
  const boost::json::value* reference = o.if_contains("reference");
  if (!text || !text->is_string() || !reference || !reference->is_string()) {
    out = ErrorLine("\"text\" and \"reference\" must be strings");
    return false;
  }
  auto ref = nlp::ParseTimeReference(std::string_view(reference->as_string()));
  if (!ref) {
    out = ErrorLine("\"reference\" must be ISO-8601 with a UTC offset");
    return false;
  }
  if (const boost::json::value* zone = o.if_contains("timezone"); zone && !zone->is_null()) {
    if (!zone->is_string()) {
      out = ErrorLine("\"timezone\" must be an IANA zone name");
      return false;
    }
    auto in_zone = nlp::ReferenceInZone(ref->utc_seconds, std::string(zone->as_string()));
    if (!in_zone) {
      out = ErrorLine("unknown time zone");
      return false;
    }
    ref = in_zone;
  }
  out =
      nlp::TimeExpressionJson(nlp::ParseTimeExpression(std::string_view(text->as_string()), *ref));
  return true;
}

int TimeJsonLines() {
  std::ios::sync_with_stdio(false);
  std::string line, out;
  bool all_good = true;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!AnswerLine(line, out)) all_good = false;
    std::cout << out << '\n';
  }
  std::cout.flush();
  return all_good ? 0 : 1;
}

}  // namespace

int Nlp(const Args& args, const Config&) {
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  if (args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return 0;
  }
  if (args[0] == "embed") return NlpEmbed(Args(args.begin() + 1, args.end()));
  if (args[0] != "time") {
    std::cerr << "chronotrail nlp: unknown subcommand '" << args[0] << "'\n\n" << kUsage;
    return 2;
  }
  std::string phrase;
  std::optional<nlp::TimeReference> ref;
  bool jsonl = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--jsonl") {
      jsonl = true;
    } else if (a == "--reference" && i + 1 < args.size()) {
      ref = nlp::ParseTimeReference(args[++i]);
      if (!ref) {
        std::cerr << "chronotrail nlp time: --reference must be ISO-8601 with a UTC offset\n";
        return 2;
      }
    } else {
      phrase += phrase.empty() ? a : " " + a;
    }
  }
  if (jsonl) {
    if (!phrase.empty() || ref) {
      std::cerr << "chronotrail nlp time: --jsonl reads everything from stdin\n\n" << kUsage;
      return 2;
    }
    return TimeJsonLines();
  }
  if (phrase.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  if (!ref) ref = nlp::TimeReference{std::int64_t(std::time(nullptr)), 0};
  std::cout << nlp::TimeExpressionJson(nlp::ParseTimeExpression(phrase, *ref)) << "\n";
  return 0;
}

}  // namespace chronotrail::cli
