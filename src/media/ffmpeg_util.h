// Small helpers shared by the two FFmpeg users of src/media (GIF frames, audio): owners that free
// FFmpeg's objects, a reader that serves a byte buffer as an input file, and error text.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswresample/swresample.h>
}

#include <memory>
#include <string>
#include <string_view>

namespace chronotrail::media {

struct AvFree {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
  void operator()(AVFrame* f) const { av_frame_free(&f); }
  void operator()(AVPacket* p) const { av_packet_free(&p); }
  void operator()(SwrContext* s) const { swr_free(&s); }
  void operator()(AVIOContext* io) const {
    av_freep(&io->buffer);
    avio_context_free(&io);
  }
};

template <typename T>
using AvPtr = std::unique_ptr<T, AvFree>;

// Silences FFmpeg's own logging (once per process): its warnings about damaged uploads would
// fill the server's log, and every failure that matters is reported by exception.
void QuietFfmpegLog();

// FFmpeg's text for an AVERROR code.
std::string AvErrorText(int code);

// An AVIOContext reading from `bytes`, which must outlive it (and the format context using it).
class MemoryInput {
 public:
  explicit MemoryInput(std::string_view bytes);
  AVIOContext* context() const { return io_.get(); }

 private:
  static int Read(void* opaque, uint8_t* buffer, int size);
  static int64_t Seek(void* opaque, int64_t offset, int whence);

  std::string_view bytes_;
  size_t position_ = 0;
  AvPtr<AVIOContext> io_;
};

// A decoder opened for stream `index` of `format`; throws Unprocessable when there is none.
AvPtr<AVCodecContext> OpenDecoder(AVFormatContext* format, int index);

}  // namespace chronotrail::media
