// `chronotrail media analyze`: the offline media understanding of src/media on the command line,
// one JSON line per file, for operators checking what the server would make of a file and for the
// benchmark (bench/media/run).
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "core/json_writer.h"
#include "media/facts_json.h"
#include "media/media_type.h"
#include "media/photo.h"
#include "media/photo_description.h"
#include "media/unprocessable.h"
#include "media/voice.h"

namespace chronotrail::cli {
namespace {

constexpr const char* kUsage = R"(Usage: chronotrail media analyze [--place NAME] FILE...

Analyses photos and voice notes offline, as the server does after an upload, and prints one JSON
line per FILE, in order.

  Every line has "file", and either "error" (unreadable, unsupported or undecodable file) or
  "kind" ("photo" or "voice"), "mime", "label" and "analysis_ms" (time spent on this file, after
  the models were loaded by an earlier file), and:
    photo  "width", "height" (as displayed), "orientation" (EXIF, 1..8), "taken_at" (UTC, when
           the camera's offset is known), "taken_local" (the camera's clock), "taken_offset_minutes",
           "latitude", "longitude" (EXIF GPS), "ocr_text", "ocr_confidence" (0..100), "faces",
           "dominant_colours", "description"
    voice  "duration_seconds", "transcript"
  The type is decided from each file's content, never its name.

  --place NAME   Place name to use in photo descriptions (e.g. "Lisbon, Portugal").

Exit codes: 0 every file analysed, 1 some file gave an error line, 2 bad usage.
)";

std::string ErrorLine(const std::string& file, const std::string& message) {
  boost::json::object o;
  o["file"] = file;
  o["error"] = message;
  return ToJsonText(o);
}

std::string ReadHead(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string head(media::kTypeSniffBytes, '\0');
  in.read(head.data(), std::streamsize(head.size()));
  head.resize(size_t(in.gcount()));
  return head;
}

// One file to one line; false when the line is an error.
bool AnalyzeOne(const std::string& path, const std::optional<std::string>& place,
                std::string& line) {
  try {
    std::optional<media::DetectedType> type = media::DetectType(ReadHead(path));
    if (!type) {
      line = ErrorLine(
          path,
          "unsupported file type; photos: " + media::SupportedFormats(media::MediaKind::kPhoto) +
              "; voice notes: " + media::SupportedFormats(media::MediaKind::kVoice));
      return false;
    }
    auto start = std::chrono::steady_clock::now();
    boost::json::object o;
    if (type->kind == media::MediaKind::kPhoto) {
      media::PhotoFacts facts = media::AnalyzePhoto(path);
      o = media::PhotoFactsJson(facts);
      std::optional<std::string> time_of_day;
      if (facts.taken_local_micros) time_of_day = media::TimeOfDay(*facts.taken_local_micros);
      o["description"] = media::DescribePhoto(facts, place, time_of_day);
    } else {
      o = media::VoiceFactsJson(media::AnalyzeVoice(path));
    }
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    boost::json::object out;
    out["file"] = path;
    out["kind"] = media::MediaKindName(type->kind);
    out["mime"] = type->mime;
    out["label"] = type->label;
    for (auto& field : o) out[field.key()] = std::move(field.value());
    out["analysis_ms"] = std::round(ms * 10) / 10;
    line = ToJsonText(out);
    return true;
  } catch (const std::exception& e) {
    line = ErrorLine(path, e.what());
    return false;
  }
}

}  // namespace

int Media(const Args& args, const Config&) {
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  if (args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return 0;
  }
  if (args[0] != "analyze") {
    std::cerr << "chronotrail media: unknown subcommand '" << args[0] << "'\n\n" << kUsage;
    return 2;
  }
  std::optional<std::string> place;
  std::vector<std::string> files;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--place" && i + 1 < args.size()) {
      place = args[++i];
    } else if (a.size() > 1 && a[0] == '-') {
      std::cerr << "chronotrail media analyze: unknown option " << a << "\n\n" << kUsage;
      return 2;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  bool all_good = true;
  std::string line;
  for (const std::string& file : files) {
    if (!AnalyzeOne(file, place, line)) all_good = false;
    std::cout << line << std::endl;  // flushed per file: a long batch shows progress
  }
  return all_good ? 0 : 1;
}

}  // namespace chronotrail::cli
