// The FFmpeg path of DecodeImage: the first frame of a GIF.
#include <cstring>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "media/ffmpeg_util.h"
#include "media/image_decode.h"
#include "media/unprocessable.h"

namespace chronotrail::media {
namespace {

// One decoded frame, in the pixel formats the GIF decoder produces, as an OpenCV-order image.
cv::Mat FrameToMat(const AVFrame* frame) {
  const int w = frame->width, h = frame->height;
  switch (frame->format) {
    case AV_PIX_FMT_BGRA:
      return cv::Mat(h, w, CV_8UC4, frame->data[0], size_t(frame->linesize[0])).clone();
    case AV_PIX_FMT_BGR24:
      return cv::Mat(h, w, CV_8UC3, frame->data[0], size_t(frame->linesize[0])).clone();
    case AV_PIX_FMT_GRAY8:
      return cv::Mat(h, w, CV_8UC1, frame->data[0], size_t(frame->linesize[0])).clone();
    case AV_PIX_FMT_PAL8: {
      // data[1] holds 256 native-endian 0xAARRGGBB entries: B, G, R, A bytes on little-endian.
      cv::Mat bgra(h, w, CV_8UC4);
      const uint32_t* palette = reinterpret_cast<const uint32_t*>(frame->data[1]);
      for (int y = 0; y < h; ++y) {
        const uint8_t* in = frame->data[0] + y * frame->linesize[0];
        cv::Vec4b* out = bgra.ptr<cv::Vec4b>(y);
        for (int x = 0; x < w; ++x) {
          uint32_t c = palette[in[x]];
          out[x] = cv::Vec4b(c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, c >> 24);
        }
      }
      return bgra;
    }
    default:
      throw Unprocessable(std::string("unsupported pixel format ") +
                          av_get_pix_fmt_name(AVPixelFormat(frame->format)));
  }
}

}  // namespace

cv::Mat DecodeWithFfmpeg(std::string_view bytes) {
  QuietFfmpegLog();
  MemoryInput input(bytes);
  AVFormatContext* raw_format = avformat_alloc_context();
  if (!raw_format) throw std::bad_alloc();
  raw_format->pb = input.context();
  raw_format->flags |= AVFMT_FLAG_CUSTOM_IO;
  int status = avformat_open_input(&raw_format, nullptr, nullptr, nullptr);
  if (status < 0) throw Unprocessable("the image cannot be read: " + AvErrorText(status));
  AvPtr<AVFormatContext> format(raw_format);
  avformat_find_stream_info(format.get(), nullptr);
  int index = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) throw Unprocessable("the file holds no image");
  AvPtr<AVCodecContext> decoder = OpenDecoder(format.get(), index);

  AvPtr<AVPacket> packet(av_packet_alloc());
  AvPtr<AVFrame> frame(av_frame_alloc());
  bool draining = false;
  while (true) {
    if (!draining) {
      status = av_read_frame(format.get(), packet.get());
      if (status < 0) {
        draining = true;
        avcodec_send_packet(decoder.get(), nullptr);
      } else {
        if (packet->stream_index == index) avcodec_send_packet(decoder.get(), packet.get());
        av_packet_unref(packet.get());
      }
    }
    status = avcodec_receive_frame(decoder.get(), frame.get());
    if (status >= 0) return ToRgb8(FrameToMat(frame.get()));
    if (status != AVERROR(EAGAIN) || draining) break;
  }
  throw Unprocessable("the image data cannot be decoded (corrupt or truncated)");
}

}  // namespace chronotrail::media
