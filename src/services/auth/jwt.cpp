#include "services/auth/jwt.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>

#include <boost/json.hpp>
#include <memory>

namespace chronotrail::jwt {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::optional<boost::json::object> ParseObject(std::string_view part) {
  std::optional<std::string> bytes = Base64UrlDecode(part);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*bytes, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

using SigPtr = std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

// Reads a NumericDate claim; false when present but not a number.
bool ReadTime(const boost::json::object& claims, const char* name, std::optional<double>& out) {
  auto it = claims.find(name);
  if (it == claims.end()) return true;
  if (!it->value().is_number()) return false;
  out = it->value().to_number<double>();
  return true;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8 |
                 (unsigned char)bytes[i + 2];
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
            kAlphabet[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    unsigned v = (unsigned char)bytes[i] << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63]};
  } else if (i + 2 == bytes.size()) {
    unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63]};
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned acc = 0;
  int bits = 0;
  for (char c : text) {
    int d = DecodeChar(c);
    if (d < 0) return std::nullopt;
    acc = (acc << 6) | d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::optional<Jws> Parse(std::string_view token) {
  size_t dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return std::nullopt;
  size_t dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto header = ParseObject(token.substr(0, dot1));
  auto claims = ParseObject(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = Base64UrlDecode(token.substr(dot2 + 1));
  if (!header || !claims || !signature) return std::nullopt;
  return Jws{std::move(*header), std::move(*claims), std::string(token.substr(0, dot2)),
             std::move(*signature)};
}

std::string SignEs256(EVP_PKEY* key, std::string_view input) {
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t der_len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &der_len, (const unsigned char*)input.data(),
                     input.size()) != 1) {
    throw std::runtime_error("ES256 signing failed");
  }
  std::string der(der_len, '\0');
  if (EVP_DigestSign(ctx.get(), (unsigned char*)der.data(), &der_len,
                     (const unsigned char*)input.data(), input.size()) != 1) {
    throw std::runtime_error("ES256 signing failed");
  }
  // OpenSSL produces a DER ECDSA-Sig-Value; JWS wants r and s as two 32-byte big-endian numbers.
  const unsigned char* p = (const unsigned char*)der.data();
  SigPtr sig(d2i_ECDSA_SIG(nullptr, &p, der_len), ECDSA_SIG_free);
  if (!sig) throw std::runtime_error("ES256 signing failed");
  std::string raw(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), (unsigned char*)raw.data(), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), (unsigned char*)raw.data() + 32, 32);
  return raw;
}

bool VerifySignature(EVP_PKEY* key, std::string_view alg, std::string_view input,
                     std::string_view signature) {
  std::string der;
  if (alg == "ES256") {
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC || signature.size() != 64) return false;
    SigPtr sig(ECDSA_SIG_new(), ECDSA_SIG_free);
    BIGNUM* r = BN_bin2bn((const unsigned char*)signature.data(), 32, nullptr);
    BIGNUM* s = BN_bin2bn((const unsigned char*)signature.data() + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
      BN_free(r);
      BN_free(s);
      return false;
    }
    unsigned char* out = nullptr;
    int len = i2d_ECDSA_SIG(sig.get(), &out);
    if (len <= 0) return false;
    der.assign((const char*)out, len);
    OPENSSL_free(out);
    signature = der;
  } else if (alg == "RS256") {
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) return false;
  } else {
    return false;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), (const unsigned char*)signature.data(), signature.size(),
                          (const unsigned char*)input.data(), input.size()) == 1;
}

std::optional<std::string> CheckClaims(const boost::json::object& claims, const ClaimRules& rules) {
  const boost::json::value* iss = claims.if_contains("iss");
  if (!iss || !iss->is_string() || iss->as_string() != rules.issuer) return "wrong issuer";

  if (rules.audience) {
    const boost::json::value* aud = claims.if_contains("aud");
    bool audience_ok = false;
    if (aud && aud->is_string()) {
      audience_ok = aud->as_string() == *rules.audience;
    } else if (aud && aud->is_array()) {
      for (const auto& a : aud->as_array())
        audience_ok |= a.is_string() && a.as_string() == *rules.audience;
    }
    if (!audience_ok) return "wrong audience";
  }

  const boost::json::value* sub = claims.if_contains("sub");
  if (!sub || !sub->is_string() || sub->as_string().empty()) return "no subject";

  std::optional<double> exp, nbf;
  if (!ReadTime(claims, "exp", exp) || !ReadTime(claims, "nbf", nbf) || !exp) {
    return "bad expiry";
  }
  double now = double(rules.now) / kMicrosPerSecond;
  if (*exp + rules.leeway_seconds <= now) return "token has expired";
  if (nbf && *nbf - rules.leeway_seconds > now) return "token is not valid yet";
  return std::nullopt;
}

}  // namespace chronotrail::jwt
