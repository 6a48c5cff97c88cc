// Multipart upload bodies (http/multipart.h). Input: the Content-Type line, "\n", then the body.
// The body is parsed twice, whole and in pieces whose sizes come from a hash of the input, and
// both parses must agree: a push parser may not depend on how the socket happened to split the
// bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz_input.h"
#include "http/multipart.h"

namespace {

using chronotrail::ApiError;
using chronotrail::fuzz::Check;
using chronotrail::http::MultipartReader;
using chronotrail::http::PartHead;

struct Part {
  PartHead head;
  std::string data;
};

// Records the parts and checks the order of the calls.
class Recorder : public chronotrail::http::PartHandler {
 public:
  void OnPartBegin(const PartHead& head) override {
    Check(!open_, "a part began inside another");
    open_ = true;
    parts.push_back({head, {}});
  }
  void OnPartData(std::string_view bytes) override {
    Check(open_, "data outside a part");
    Check(!bytes.empty(), "an empty data call");
    parts.back().data.append(bytes);
  }
  void OnPartEnd() override {
    Check(open_, "a part ended that had not begun");
    open_ = false;
  }

  std::vector<Part> parts;
  bool open_ = false;
};

// Each parse's outcome: the parts, or the error kind it was rejected with.
struct Outcome {
  bool rejected = false;
  std::vector<Part> parts;
};

// A small deterministic generator (xorshift) for the piece sizes.
std::uint64_t Next(std::uint64_t& state) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

Outcome Parse(const std::string& boundary, std::string_view body, std::uint64_t seed) {
  Outcome out;
  Recorder recorder;
  try {
    MultipartReader reader(boundary, recorder);
    while (!body.empty()) {
      // Mostly small pieces (delimiters cut anywhere), sometimes big ones.
      std::size_t n = seed == 0 ? body.size() : 1 + Next(seed) % (Next(seed) % 4 == 0 ? 4096 : 17);
      reader.Feed(body.substr(0, n));
      body.remove_prefix(std::min(n, body.size()));
    }
    reader.Finish();
    Check(!recorder.open_, "the body finished inside a part");
  } catch (const ApiError&) {
    out.rejected = true;
  }
  out.parts = std::move(recorder.parts);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = chronotrail::fuzz::AsText(data, size);
  std::string_view content_type = chronotrail::fuzz::TakeUntil(rest, "\n");
  std::string boundary;
  try {
    boundary = MultipartReader::BoundaryOf(content_type);
  } catch (const ApiError&) {
    return 0;
  }
  std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
  for (unsigned char c : rest) seed = (seed ^ c) * 0x100000001b3ULL;
  seed |= 1;  // xorshift must not start at 0 (0 means "in one piece" here)

  Outcome whole = Parse(boundary, rest, 0);
  Outcome pieces = Parse(boundary, rest, seed);
  Check(whole.rejected == pieces.rejected, "whole and piecewise parses disagree on the verdict");
  if (whole.rejected) return 0;
  Check(whole.parts.size() == pieces.parts.size(), "whole and piecewise parts differ in number");
  for (std::size_t i = 0; i < whole.parts.size(); ++i) {
    const Part& a = whole.parts[i];
    const Part& b = pieces.parts[i];
    Check(a.head.name == b.head.name && a.head.filename == b.head.filename &&
              a.head.content_type == b.head.content_type && a.data == b.data,
          "whole and piecewise parts differ");
  }
  return 0;
}
