// SpeechRecognizer: English speech to text, offline, with PocketSphinx (Debian's
// pocketsphinx-en-us acoustic model, language model and dictionary).
//
// Audio is fed as 16 kHz mono 16-bit PCM in pieces of any size. PocketSphinx's voice activity
// detector splits it into utterances at pauses; each utterance is decoded as it ends, so a long
// recording costs no more memory than a short one. Silence yields an empty transcript.
//
// Thread-safe. Decoders (each holding the acoustic model, ~0.5 s to load) are created on first use
// and pooled, one per transcription running at the same moment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "media/engine_pool.h"

namespace chronotrail::media {

inline constexpr int kSpeechSampleRate = 16000;

struct SpeechRecognizerOptions {
  std::string model_dir = "/usr/share/pocketsphinx/model/en-us";  // pocketsphinx-en-us
  // Relative to model_dir unless absolute.
  std::string acoustic_model = "en-us";
  std::string language_model = "en-us.lm.bin";
  std::string dictionary = "cmudict-en-us.dict";
  // Search pruning (PocketSphinx's -maxhmmpf, -maxwpf, -pl_window). These values cut the CPU time
  // about threefold against PocketSphinx's defaults (1.7 to 0.5-0.7 x real time on the
  // pocketsphinx-testdata LibriVox clips) with the same words recognised.
  int max_hmms_per_frame = 3000;
  int max_words_per_frame = 10;
  int phonetic_lookahead = 10;
};

class SpeechDecoder;  // one PocketSphinx decoder; speech_recognizer.cpp

class SpeechRecognizer {
 public:
  explicit SpeechRecognizer(SpeechRecognizerOptions options = {});
  ~SpeechRecognizer();

  // One transcription in progress; holds a pooled decoder until destroyed.
  class Transcription {
   public:
    explicit Transcription(EnginePool<SpeechDecoder>::Lease decoder);
    Transcription(Transcription&&) noexcept;
    ~Transcription();  // gives the decoder back (defined where SpeechDecoder is complete)
    void Feed(const std::int16_t* samples, std::size_t count);
    // The words heard, lower-case, separated by spaces. Call once, after the last Feed.
    std::string Finish();

   private:
    EnginePool<SpeechDecoder>::Lease decoder_;
  };

  // Throws std::runtime_error when the models cannot be loaded.
  Transcription Begin();

 private:
  SpeechRecognizerOptions options_;
  EnginePool<SpeechDecoder> decoders_;
};

}  // namespace chronotrail::media
