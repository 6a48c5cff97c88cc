// Audio decoding: any audio file FFmpeg can read (WAV, MP3, M4A/AAC, Ogg Opus/Vorbis, WebM, FLAC
// and more) to 16-bit mono PCM at one sample rate, handed over in pieces as it is decoded, so an
// hour-long recording never sits in memory.
//
// The first audio stream is used (a video's sound track too). Damaged packets inside an otherwise
// readable file are skipped, as a player would; a file with no audio, or none that decodes, throws
// Unprocessable with FFmpeg's reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace chronotrail::media {

using PcmSink = std::function<void(const std::int16_t* samples, std::size_t count)>;

// Decodes `path`, resampled to `sample_rate` Hz mono, into `sink`; returns the number of samples
// given (the duration is that over `sample_rate`).
std::int64_t DecodeAudioFile(const std::string& path, int sample_rate, const PcmSink& sink);

}  // namespace chronotrail::media
