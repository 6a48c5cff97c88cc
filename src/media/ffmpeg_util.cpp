#include "media/ffmpeg_util.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "media/unprocessable.h"

namespace chronotrail::media {

void QuietFfmpegLog() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

std::string AvErrorText(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

MemoryInput::MemoryInput(std::string_view bytes) : bytes_(bytes) {
  constexpr int kBufferSize = 64 * 1024;
  auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferSize));
  if (!buffer) throw std::bad_alloc();
  io_.reset(avio_alloc_context(buffer, kBufferSize, 0, this, &MemoryInput::Read, nullptr,
                               &MemoryInput::Seek));
  if (!io_) {
    av_free(buffer);
    throw std::bad_alloc();
  }
}

int MemoryInput::Read(void* opaque, uint8_t* buffer, int size) {
  auto* self = static_cast<MemoryInput*>(opaque);
  size_t left = self->bytes_.size() - self->position_;
  if (left == 0) return AVERROR_EOF;
  size_t n = std::min(left, size_t(size));
  std::memcpy(buffer, self->bytes_.data() + self->position_, n);
  self->position_ += n;
  return int(n);
}

int64_t MemoryInput::Seek(void* opaque, int64_t offset, int whence) {
  auto* self = static_cast<MemoryInput*>(opaque);
  int64_t size = int64_t(self->bytes_.size());
  int64_t target;
  switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
      return size;
    case SEEK_SET:
      target = offset;
      break;
    case SEEK_CUR:
      target = int64_t(self->position_) + offset;
      break;
    case SEEK_END:
      target = size + offset;
      break;
    default:
      return AVERROR(EINVAL);
  }
  if (target < 0 || target > size) return AVERROR(EINVAL);
  self->position_ = size_t(target);
  return target;
}

AvPtr<AVCodecContext> OpenDecoder(AVFormatContext* format, int index) {
  const AVCodecParameters* parameters = format->streams[index]->codecpar;
  const AVCodec* codec = avcodec_find_decoder(parameters->codec_id);
  if (!codec) {
    throw Unprocessable(std::string("no decoder for the codec ") +
                        avcodec_get_name(parameters->codec_id));
  }
  AvPtr<AVCodecContext> decoder(avcodec_alloc_context3(codec));
  if (!decoder) throw std::bad_alloc();
  int status = avcodec_parameters_to_context(decoder.get(), parameters);
  if (status >= 0) status = avcodec_open2(decoder.get(), codec, nullptr);
  if (status < 0) {
    throw Unprocessable(std::string("cannot open the ") + codec->name +
                        " decoder: " + AvErrorText(status));
  }
  return decoder;
}

}  // namespace chronotrail::media
