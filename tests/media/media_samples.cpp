#include "media/media_samples.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace chronotrail::testing {

void Shell(const std::string& command) {
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  std::string output;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), n);
  int status = pclose(pipe);
  if (status != 0)
    throw std::runtime_error("failed (" + std::to_string(status) + "): " + command + "\n" + output);
}

std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string ReadFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteFileBytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}

void MakeTextImage(const std::filesystem::path& out, const std::string& text,
                   const std::string& font, int points, double degrees) {
  Shell("convert -background white -fill black -font " + Quoted(font) + " -pointsize " +
        std::to_string(points) + " label:" + Quoted(text) + " -bordercolor white -border 40" +
        " -rotate " + std::to_string(degrees) + " -quality 90 " + Quoted(out.string()));
}

std::filesystem::path ShortSpeechWav() {
  return std::filesystem::path(kLibrivoxDir) / "sense_and_sensibility_01_austen_64kb-0880.wav";
}

std::filesystem::path LongSpeechWav() {
  return std::filesystem::path(kLibrivoxDir) / "sense_and_sensibility_01_austen_64kb-0920.wav";
}

std::filesystem::path FacePhoto() {
  std::filesystem::path path = "/usr/share/doc/opencv-doc/examples/data/messi5.jpg";
  return std::filesystem::exists(path) ? path : std::filesystem::path();
}

bool ContainsWord(const std::string& text, const std::string& word) {
  std::string lower;
  for (char c : text) lower += char(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(word) != std::string::npos;
}

}  // namespace chronotrail::testing
