// SHA-256 and HMAC-SHA256 (OpenSSL), for content hashes and request signing.
//
// Sha256 hashes a stream piece by piece, so a large upload is hashed as it passes through and
// never has to sit in memory. Results are lower-case hex unless a function says "raw".
// Errors: an OpenSSL failure (out of memory) throws std::runtime_error. Not thread-safe per object;
// the free functions are.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace chronotrail {

// Lower-case hex of `bytes`.
std::string HexEncode(std::string_view bytes);

// SHA-256 of `data`, as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

// HMAC-SHA256 of `data` under `key`: the 32 raw bytes.
std::string HmacSha256Raw(std::string_view key, std::string_view data);

// An incremental SHA-256: Update any number of times, then FinishHex once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view piece);
  std::string FinishHex();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace chronotrail
