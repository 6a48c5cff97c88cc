#include "media/voice.h"

#include "media/audio_decode.h"

namespace chronotrail::media {

VoiceAnalyzer::VoiceAnalyzer(VoiceAnalyzerOptions options) : speech_(std::move(options.speech)) {}

VoiceFacts VoiceAnalyzer::Analyze(const std::string& path) {
  SpeechRecognizer::Transcription transcription = speech_.Begin();
  std::int64_t samples = DecodeAudioFile(
      path, kSpeechSampleRate,
      [&](const std::int16_t* pcm, std::size_t count) { transcription.Feed(pcm, count); });
  VoiceFacts facts;
  facts.duration_seconds = double(samples) / kSpeechSampleRate;
  facts.transcript = transcription.Finish();
  return facts;
}

VoiceFacts AnalyzeVoice(const std::string& path) {
  static VoiceAnalyzer analyzer;
  return analyzer.Analyze(path);
}

}  // namespace chronotrail::media
