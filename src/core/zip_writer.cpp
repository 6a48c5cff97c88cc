#include "core/zip_writer.h"

#include <chrono>
#include <stdexcept>

namespace chronotrail {
namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kDataDescriptor = 0x08074b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEnd = 0x06054b50;
constexpr std::uint32_t kZip64End = 0x06064b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::uint16_t kZip64ExtraId = 0x0001;
constexpr std::uint64_t kMax32 = 0xFFFFFFFF;
// General purpose flags: bit 3, sizes in a data descriptor; bit 11, the name is UTF-8.
constexpr std::uint16_t kFlags = (1 << 3) | (1 << 11);
constexpr std::uint16_t kStored = 0, kDeflated = 8;
constexpr std::uint16_t kVersion = 45;  // 4.5: ZIP64

// Little-endian fields, appended to a record being built.
void Put16(std::string& s, std::uint16_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>(v >> 8));
}
void Put32(std::string& s, std::uint32_t v) {
  Put16(s, static_cast<std::uint16_t>(v & 0xFFFF));
  Put16(s, static_cast<std::uint16_t>(v >> 16));
}
void Put64(std::string& s, std::uint64_t v) {
  Put32(s, static_cast<std::uint32_t>(v & kMax32));
  Put32(s, static_cast<std::uint32_t>(v >> 32));
}
std::uint32_t Clamp32(std::uint64_t v) {
  return v >= kMax32 ? 0xFFFFFFFF : static_cast<uint32_t>(v);
}

// MS-DOS time and date (UTC; two-second resolution; 1980 at the earliest).
void DosTime(Micros t, std::uint16_t& time, std::uint16_t& date) {
  using namespace std::chrono;
  sys_seconds s{duration_cast<seconds>(microseconds(t))};
  auto day = floor<days>(s);
  year_month_day ymd{day};
  hh_mm_ss hms{s - day};
  int year = std::max(1980, static_cast<int>(ymd.year()));
  date = static_cast<std::uint16_t>(((year - 1980) << 9) | (unsigned(ymd.month()) << 5) |
                                    unsigned(ymd.day()));
  time = static_cast<std::uint16_t>((hms.hours().count() << 11) | (hms.minutes().count() << 5) |
                                    (hms.seconds().count() / 2));
}

}  // namespace

ZipWriter::ZipWriter(std::function<void(std::string_view)> out) : out_(std::move(out)) {}

ZipWriter::~ZipWriter() {
  if (zs_ready_) deflateEnd(&zs_);
}

void ZipWriter::Emit(std::string_view bytes) {
  out_(bytes);
  offset_ += bytes.size();
}

void ZipWriter::BeginEntry(std::string_view name, Micros modified, bool deflate) {
  if (in_entry_ || finished_) throw std::logic_error("ZipWriter: entry already open");
  Entry e;
  e.name = std::string(name);
  DosTime(modified, e.dos_time, e.dos_date);
  e.deflate = deflate;
  e.crc = static_cast<std::uint32_t>(crc32(0, nullptr, 0));
  e.header_offset = offset_;

  std::string h;
  Put32(h, kLocalHeader);
  Put16(h, kVersion);
  Put16(h, kFlags);
  Put16(h, deflate ? kDeflated : kStored);
  Put16(h, e.dos_time);
  Put16(h, e.dos_date);
  Put32(h, 0);  // CRC and sizes follow the data, in the descriptor
  Put32(h, 0);
  Put32(h, 0);
  Put16(h, static_cast<std::uint16_t>(e.name.size()));
  Put16(h, 0);
  h += e.name;
  Emit(h);

  if (deflate) {
    if (!zs_ready_) {
      // -15: raw deflate, as ZIP wants it (no zlib header or trailer).
      if (deflateInit2(&zs_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
          Z_OK) {
        throw std::runtime_error("ZipWriter: deflateInit2 failed");
      }
      zs_ready_ = true;
    } else {
      deflateReset(&zs_);
    }
  }
  entries_.push_back(std::move(e));
  in_entry_ = true;
}

void ZipWriter::Deflate(std::string_view data, int flush) {
  Entry& e = entries_.back();
  unsigned char buffer[16384];
  zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs_.avail_in = static_cast<uInt>(data.size());
  do {
    zs_.next_out = buffer;
    zs_.avail_out = sizeof buffer;
    deflate(&zs_, flush);
    size_t produced = sizeof buffer - zs_.avail_out;
    if (produced > 0) {
      Emit(std::string_view(reinterpret_cast<char*>(buffer), produced));
      e.compressed += produced;
    }
  } while (zs_.avail_out == 0 || (flush == Z_FINISH && zs_.avail_in > 0));
}

void ZipWriter::Write(std::string_view data) {
  if (!in_entry_) throw std::logic_error("ZipWriter: no entry open");
  Entry& e = entries_.back();
  e.crc = static_cast<std::uint32_t>(
      crc32(e.crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  e.uncompressed += data.size();
  if (e.deflate) {
    // Large pieces go in slices that fit zlib's 32-bit counters.
    while (!data.empty()) {
      std::string_view slice = data.substr(0, 1 << 30);
      Deflate(slice, Z_NO_FLUSH);
      data.remove_prefix(slice.size());
    }
  } else {
    Emit(data);
    e.compressed += data.size();
  }
}

void ZipWriter::EndEntry() {
  if (!in_entry_) throw std::logic_error("ZipWriter: no entry open");
  Entry& e = entries_.back();
  if (e.deflate) Deflate({}, Z_FINISH);
  // The descriptor holds 8-byte sizes when either needs them (readers tell by the central
  // directory's ZIP64 field).
  std::string d;
  Put32(d, kDataDescriptor);
  Put32(d, e.crc);
  if (e.compressed >= kMax32 || e.uncompressed >= kMax32) {
    Put64(d, e.compressed);
    Put64(d, e.uncompressed);
  } else {
    Put32(d, static_cast<std::uint32_t>(e.compressed));
    Put32(d, static_cast<std::uint32_t>(e.uncompressed));
  }
  Emit(d);
  in_entry_ = false;
}

void ZipWriter::Finish() {
  if (in_entry_) EndEntry();
  if (finished_) return;
  const std::uint64_t directory_offset = offset_;
  for (const Entry& e : entries_) {
    const bool big_sizes = e.compressed >= kMax32 || e.uncompressed >= kMax32;
    const bool big_offset = e.header_offset >= kMax32;
    std::string extra;
    if (big_sizes || big_offset) {
      std::string fields;
      if (big_sizes) {
        Put64(fields, e.uncompressed);
        Put64(fields, e.compressed);
      }
      if (big_offset) Put64(fields, e.header_offset);
      Put16(extra, kZip64ExtraId);
      Put16(extra, static_cast<std::uint16_t>(fields.size()));
      extra += fields;
    }
    std::string c;
    Put32(c, kCentralHeader);
    Put16(c, (3 << 8) | kVersion);  // made by: Unix
    Put16(c, kVersion);
    Put16(c, kFlags);
    Put16(c, e.deflate ? kDeflated : kStored);
    Put16(c, e.dos_time);
    Put16(c, e.dos_date);
    Put32(c, e.crc);
    Put32(c, big_sizes ? 0xFFFFFFFF : static_cast<std::uint32_t>(e.compressed));
    Put32(c, big_sizes ? 0xFFFFFFFF : static_cast<std::uint32_t>(e.uncompressed));
    Put16(c, static_cast<std::uint16_t>(e.name.size()));
    Put16(c, static_cast<std::uint16_t>(extra.size()));
    Put16(c, 0);               // comment
    Put16(c, 0);               // disk
    Put16(c, 0);               // internal attributes
    Put32(c, 0100644u << 16);  // external: a regular file, rw-r--r--
    Put32(c, Clamp32(e.header_offset));
    c += e.name;
    c += extra;
    Emit(c);
  }
  const std::uint64_t directory_size = offset_ - directory_offset;
  const std::uint64_t count = entries_.size();
  if (count >= 0xFFFF || directory_offset >= kMax32 || directory_size >= kMax32) {
    const std::uint64_t zip64_end_offset = offset_;
    std::string z;
    Put32(z, kZip64End);
    Put64(z, 44);  // size of the rest of this record
    Put16(z, (3 << 8) | kVersion);
    Put16(z, kVersion);
    Put32(z, 0);
    Put32(z, 0);
    Put64(z, count);
    Put64(z, count);
    Put64(z, directory_size);
    Put64(z, directory_offset);
    Put32(z, kZip64Locator);
    Put32(z, 0);
    Put64(z, zip64_end_offset);
    Put32(z, 1);
    Emit(z);
  }
  std::string end;
  Put32(end, kEnd);
  Put16(end, 0);
  Put16(end, 0);
  Put16(end, static_cast<std::uint16_t>(std::min<std::uint64_t>(count, 0xFFFF)));
  Put16(end, static_cast<std::uint16_t>(std::min<std::uint64_t>(count, 0xFFFF)));
  Put32(end, Clamp32(directory_size));
  Put32(end, Clamp32(directory_offset));
  Put16(end, 0);
  Emit(end);
  finished_ = true;
}

}  // namespace chronotrail
