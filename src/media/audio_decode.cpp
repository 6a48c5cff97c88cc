#include "media/audio_decode.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "media/ffmpeg_util.h"
#include "media/unprocessable.h"

namespace chronotrail::media {
namespace {

// Converts decoded frames to mono S16 at the target rate and passes them on.
class Resampler {
 public:
  Resampler(const AVCodecContext* decoder, int sample_rate, const PcmSink& sink) : sink_(sink) {
    AVChannelLayout in_layout;
    if (decoder->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC ||
        decoder->ch_layout.nb_channels == 0) {
      // Some containers give only a channel count (raw PCM, some WAVs): assume the usual layout.
      av_channel_layout_default(&in_layout, std::max(1, decoder->ch_layout.nb_channels));
    } else {
      av_channel_layout_copy(&in_layout, &decoder->ch_layout);
    }
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    SwrContext* raw = nullptr;
    int status = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_S16, sample_rate, &in_layout,
                                     decoder->sample_fmt, decoder->sample_rate, 0, nullptr);
    av_channel_layout_uninit(&in_layout);
    swr_.reset(raw);
    if (status >= 0) status = swr_init(swr_.get());
    if (status < 0) throw Unprocessable("cannot convert this audio: " + AvErrorText(status));
  }

  // `frame` null flushes what the resampler still holds.
  void Push(const AVFrame* frame) {
    int in_count = frame ? frame->nb_samples : 0;
    int capacity = swr_get_out_samples(swr_.get(), in_count);
    if (capacity <= 0) return;
    buffer_.resize(size_t(capacity));
    uint8_t* out = reinterpret_cast<uint8_t*>(buffer_.data());
    int made =
        swr_convert(swr_.get(), &out, capacity,
                    frame ? const_cast<const uint8_t**>(frame->extended_data) : nullptr, in_count);
    if (made > 0) {
      sink_(buffer_.data(), size_t(made));
      total_ += made;
    }
  }

  std::int64_t total() const { return total_; }

 private:
  const PcmSink& sink_;
  AvPtr<SwrContext> swr_;
  std::vector<std::int16_t> buffer_;
  std::int64_t total_ = 0;
};

}  // namespace

std::int64_t DecodeAudioFile(const std::string& path, int sample_rate, const PcmSink& sink) {
  QuietFfmpegLog();
  AVFormatContext* raw_format = nullptr;
  int status = avformat_open_input(&raw_format, path.c_str(), nullptr, nullptr);
  if (status == AVERROR(ENOENT) || status == AVERROR(EACCES)) {
    throw std::runtime_error("cannot open " + path + ": " + AvErrorText(status));
  }
  if (status < 0) {
    throw Unprocessable("the file is not audio that can be read: " + AvErrorText(status));
  }
  AvPtr<AVFormatContext> format(raw_format);
  status = avformat_find_stream_info(format.get(), nullptr);
  if (status < 0) throw Unprocessable("the audio cannot be read: " + AvErrorText(status));
  int index = av_find_best_stream(format.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  if (index < 0) throw Unprocessable("the file holds no audio");
  AvPtr<AVCodecContext> decoder = OpenDecoder(format.get(), index);
  Resampler resampler(decoder.get(), sample_rate, sink);

  AvPtr<AVPacket> packet(av_packet_alloc());
  AvPtr<AVFrame> frame(av_frame_alloc());
  int frames = 0, failed_packets = 0;
  auto receive_all = [&] {
    while (avcodec_receive_frame(decoder.get(), frame.get()) >= 0) {
      resampler.Push(frame.get());
      av_frame_unref(frame.get());
      ++frames;
    }
  };
  while ((status = av_read_frame(format.get(), packet.get())) >= 0) {
    if (packet->stream_index == index) {
      // A damaged packet is skipped; the rest of the recording still counts.
      if (avcodec_send_packet(decoder.get(), packet.get()) < 0) ++failed_packets;
      receive_all();
    }
    av_packet_unref(packet.get());
  }
  avcodec_send_packet(decoder.get(), nullptr);
  receive_all();
  resampler.Push(nullptr);
  if (frames == 0 && (failed_packets > 0 || status != AVERROR_EOF)) {
    throw Unprocessable("the audio data cannot be decoded (corrupt or truncated)");
  }
  return resampler.total();
}

}  // namespace chronotrail::media
