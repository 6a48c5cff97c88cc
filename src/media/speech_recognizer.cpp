#include "media/speech_recognizer.h"

#include <pocketsphinx.h>
#include <sphinxbase/err.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace chronotrail::media {

// A PocketSphinx decoder and where it stands in the current transcription.
class SpeechDecoder {
 public:
  explicit SpeechDecoder(const SpeechRecognizerOptions& options) {
    // Its log is global to the process: switched off once, rather than per decoder.
    static std::once_flag quiet;
    std::call_once(quiet, [] { err_set_logfp(nullptr); });
    auto in_model_dir = [&](const std::string& name) {
      return !name.empty() && name[0] == '/' ? name : options.model_dir + "/" + name;
    };
    const std::string hmm = in_model_dir(options.acoustic_model);
    const std::string lm = in_model_dir(options.language_model);
    const std::string dict = in_model_dir(options.dictionary);
    const std::string maxhmmpf = std::to_string(options.max_hmms_per_frame);
    const std::string maxwpf = std::to_string(options.max_words_per_frame);
    const std::string pl_window = std::to_string(options.phonetic_lookahead);
    config_ = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm.c_str(), "-lm", lm.c_str(), "-dict",
                          dict.c_str(), "-samprate", "16000", "-maxhmmpf", maxhmmpf.c_str(),
                          "-maxwpf", maxwpf.c_str(), "-pl_window", pl_window.c_str(), nullptr);
    if (config_) decoder_ = ps_init(config_);
    if (!decoder_) {
      if (config_) cmd_ln_free_r(config_);
      throw std::runtime_error("PocketSphinx cannot load its models from " + options.model_dir);
    }
  }
  ~SpeechDecoder() {
    ps_free(decoder_);
    cmd_ln_free_r(config_);
  }
  SpeechDecoder(const SpeechDecoder&) = delete;
  SpeechDecoder& operator=(const SpeechDecoder&) = delete;

  void Start() {
    // A transcription abandoned by an exception leaves its utterance open.
    if (open_) ps_end_utt(decoder_);
    transcript_.clear();
    in_utterance_ = false;
    StartUtterance();
  }

  void Feed(const std::int16_t* samples, std::size_t count) {
    // Small steps, so the end of an utterance is noticed close to where it happens.
    constexpr std::size_t kStep = 2048;
    for (std::size_t at = 0; at < count; at += kStep) {
      std::size_t n = std::min(kStep, count - at);
      ps_process_raw(decoder_, samples + at, n, FALSE, FALSE);
      bool speaking = ps_get_in_speech(decoder_) != 0;
      if (speaking) {
        in_utterance_ = true;
      } else if (in_utterance_) {
        EndUtterance();
        StartUtterance();
      }
    }
  }

  std::string Finish() {
    EndUtterance();
    return std::move(transcript_);
  }

 private:
  void StartUtterance() {
    ps_start_utt(decoder_);
    open_ = true;
  }

  void EndUtterance() {
    ps_end_utt(decoder_);
    open_ = false;
    std::int32_t score = 0;
    const char* words = ps_get_hyp(decoder_, &score);
    if (words && *words) {
      if (!transcript_.empty()) transcript_ += ' ';
      transcript_ += words;
    }
    in_utterance_ = false;
  }

  cmd_ln_t* config_ = nullptr;
  ps_decoder_t* decoder_ = nullptr;
  std::string transcript_;
  bool in_utterance_ = false;  // the detector has heard speech since the utterance started
  bool open_ = false;          // between ps_start_utt and ps_end_utt
};

SpeechRecognizer::SpeechRecognizer(SpeechRecognizerOptions options)
    : options_(std::move(options)),
      decoders_([this] { return std::make_unique<SpeechDecoder>(options_); }) {}

SpeechRecognizer::~SpeechRecognizer() = default;

SpeechRecognizer::Transcription SpeechRecognizer::Begin() {
  return Transcription(decoders_.Acquire());
}

SpeechRecognizer::Transcription::Transcription(EnginePool<SpeechDecoder>::Lease decoder)
    : decoder_(std::move(decoder)) {
  decoder_->Start();
}

SpeechRecognizer::Transcription::Transcription(Transcription&&) noexcept = default;

SpeechRecognizer::Transcription::~Transcription() = default;

void SpeechRecognizer::Transcription::Feed(const std::int16_t* samples, std::size_t count) {
  decoder_->Feed(samples, count);
}

std::string SpeechRecognizer::Transcription::Finish() {
  return decoder_->Finish();
}

}  // namespace chronotrail::media
