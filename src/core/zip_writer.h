// ZipWriter: a ZIP archive (PKWARE APPNOTE 6.3) written front to back, in one pass.
//
// Built for streaming: nothing is ever sought back to, so the bytes can go to a socket as they are
// made. Each entry's CRC and sizes follow its data in a data descriptor; the central directory at
// the end repeats them. Entries are deflated (zlib, raw) or stored as they are; archives and
// offsets past 4 GiB get ZIP64 records, so a large account exports like a small one. Memory use is
// one deflate stream, whatever the archive size.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace chronotrail {

class ZipWriter {
 public:
  // Every byte of the archive goes to `out`, in order.
  explicit ZipWriter(std::function<void(std::string_view)> out);
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Starts an entry named `name` (forward slashes; UTF-8) modified at `modified`. `deflate`:
  // compress (text) or store (media that is already compressed).
  void BeginEntry(std::string_view name, Micros modified, bool deflate);
  void Write(std::string_view data);
  void EndEntry();
  // Writes the central directory; nothing may follow.
  void Finish();

  // Bytes written so far.
  std::uint64_t offset() const { return offset_; }

 private:
  struct Entry {
    std::string name;
    std::uint16_t dos_time = 0, dos_date = 0;
    bool deflate = false;
    std::uint32_t crc = 0;
    std::uint64_t compressed = 0, uncompressed = 0;
    std::uint64_t header_offset = 0;
  };

  void Emit(std::string_view bytes);
  void Deflate(std::string_view data, int flush);

  std::function<void(std::string_view)> out_;
  std::uint64_t offset_ = 0;
  std::vector<Entry> entries_;
  bool in_entry_ = false;
  bool finished_ = false;
  z_stream zs_{};
  bool zs_ready_ = false;
};

}  // namespace chronotrail
