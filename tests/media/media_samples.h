// Sample media for the media tests, made on the spot by the command-line tools scripts/bootstrap
// installs for tests (ImageMagick, exiv2, cwebp, heif-enc, ffmpeg, espeak-ng), or shipped by
// Debian packages (pocketsphinx-testdata's recorded speech, opencv-doc's sample photos).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace chronotrail::testing {

// Runs `command` through /bin/sh; throws std::runtime_error with its output unless it exits 0.
void Shell(const std::string& command);

// Single-quoted for the shell.
std::string Quoted(const std::string& text);

std::string ReadFileBytes(const std::filesystem::path& path);
void WriteFileBytes(const std::filesystem::path& path, std::string_view bytes);

// Black text on white, `text` in `font` at `points`, turned `degrees` clockwise, written to `out`
// (the extension picks the format, as ImageMagick does).
void MakeTextImage(const std::filesystem::path& out, const std::string& text,
                   const std::string& font, int points, double degrees = 0);

// Recorded speech from pocketsphinx-testdata (16 kHz mono WAV) and what is said in it.
inline constexpr const char* kLibrivoxDir = "/usr/share/pocketsphinx/test/data/librivox";
// "he was not an ill disposed young man", 2.99 s
std::filesystem::path ShortSpeechWav();
// "had he married a more amiable woman he might have been made still more respectable than he
// was", 6.05 s
std::filesystem::path LongSpeechWav();

// A photo with a real face in it (opencv-doc), or empty when the package is missing.
std::filesystem::path FacePhoto();

// The lower-cased text contains `word` (lower-case).
bool ContainsWord(const std::string& text, const std::string& word);

}  // namespace chronotrail::testing
