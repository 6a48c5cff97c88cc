// Voice notes: how long a recording is and what was said, offline.
//
// AnalyzeVoice decodes the file with FFmpeg to 16 kHz mono (audio_decode.h), counts the samples
// for the duration and streams them through PocketSphinx (speech_recognizer.h) in the same pass.
//
// Errors: Unprocessable for a file that holds no audio or whose audio cannot be decoded; a silent
// recording is not an error (empty transcript). std::runtime_error when the file cannot be read
// or the speech models are missing.
//
// Thread-safe.
#pragma once

#include <string>

#include "media/speech_recognizer.h"

namespace chronotrail::media {

struct VoiceFacts {
  double duration_seconds = 0;
  std::string transcript;  // lower-case words; empty when nothing was recognised
};

struct VoiceAnalyzerOptions {
  SpeechRecognizerOptions speech;
};

class VoiceAnalyzer {
 public:
  explicit VoiceAnalyzer(VoiceAnalyzerOptions options = {});
  VoiceFacts Analyze(const std::string& path);

 private:
  SpeechRecognizer speech_;
};

// With one process-wide VoiceAnalyzer of Debian's default model paths.
VoiceFacts AnalyzeVoice(const std::string& path);

}  // namespace chronotrail::media
