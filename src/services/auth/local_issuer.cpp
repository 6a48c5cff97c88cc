#include "services/auth/local_issuer.h"

#include <fcntl.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/ids.h"
#include "services/auth/jwt.h"

namespace chronotrail {
namespace {

constexpr const char* kAudience = "chronotrail";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes `content` to `path` only if no file is there yet: the bytes go to a private temporary
// file, are fsynced, then hard-linked into place (link fails if another process won the race).
void WriteNewFileDurably(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp-" + NewId();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp);
  bool ok =
      ::write(fd, content.data(), content.size()) == ssize_t(content.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (ok) ok = ::link(tmp.c_str(), path.c_str()) == 0 || errno == EEXIST;
  ::unlink(tmp.c_str());
  if (!ok) throw std::runtime_error("cannot write " + path);
  int dir = ::open(std::filesystem::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

std::string GenerateKeyPem() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (!key) throw std::runtime_error("cannot generate the local issuer key");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, len);
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

// The key id: the first 16 hex digits of the SHA-256 of the DER public key.
std::string KeyId(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, len, digest);
  OPENSSL_free(der);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace

std::unique_ptr<LocalIssuer> LocalIssuer::Open(const std::string& data_dir) {
  std::filesystem::path dir = std::filesystem::path(data_dir) / "keys";
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  std::string path = (dir / "local-issuer.pem").string();
  if (!std::filesystem::exists(path)) WriteNewFileDurably(path, GenerateKeyPem());

  std::string pem = ReadFile(path);
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) {
    EVP_PKEY_free(key);
    throw std::runtime_error(path + " does not hold an EC private key");
  }
  return std::unique_ptr<LocalIssuer>(new LocalIssuer(key, KeyId(key)));
}

LocalIssuer::~LocalIssuer() {
  EVP_PKEY_free(key_);
}

std::string LocalIssuer::Mint(const std::string& user_id, const std::string& email, Micros now,
                              long ttl_seconds, bool admin) const {
  long iat = static_cast<long>(now / kMicrosPerSecond);
  boost::json::object header{{"alg", "ES256"}, {"typ", "JWT"}, {"kid", kid_}};
  boost::json::object claims{{"iss", kLocalIssuer}, {"aud", kAudience}, {"sub", user_id},
                             {"email", email},      {"iat", iat},       {"exp", iat + ttl_seconds}};
  if (admin) claims["admin"] = true;
  std::string input = jwt::Base64UrlEncode(boost::json::serialize(header)) + "." +
                      jwt::Base64UrlEncode(boost::json::serialize(claims));
  return input + "." + jwt::Base64UrlEncode(jwt::SignEs256(key_, input));
}

Identity LocalIssuer::Verify(std::string_view token, Micros now) const {
  std::optional<jwt::Jws> jws = jwt::Parse(token);
  if (!jws) throw ApiError::Unauthenticated("Malformed token");
  const boost::json::value* alg = jws->header.if_contains("alg");
  const boost::json::value* kid = jws->header.if_contains("kid");
  // The algorithm is fixed by the key, never taken on the token's word.
  if (!alg || !alg->is_string() || alg->as_string() != "ES256") {
    throw ApiError::Unauthenticated("Unsupported token algorithm");
  }
  if (!kid || !kid->is_string() || kid->as_string() != kid_) {
    throw ApiError::Unauthenticated("Token signed by an unknown key");
  }
  if (!jwt::VerifySignature(key_, "ES256", jws->signing_input, jws->signature)) {
    throw ApiError::Unauthenticated("Invalid token signature");
  }
  jwt::ClaimRules rules{std::string(kLocalIssuer), kAudience, now, 60};
  if (auto why = jwt::CheckClaims(jws->claims, rules)) throw ApiError::Unauthenticated(*why);
  Identity id;
  id.issuer = std::string(kLocalIssuer);
  id.subject = std::string(jws->claims.at("sub").as_string());
  id.expires_at = static_cast<Micros>(jws->claims.at("exp").to_number<double>() * kMicrosPerSecond);
  if (auto* email = jws->claims.if_contains("email"); email && email->is_string()) {
    id.email = std::string(email->as_string());
  }
  if (auto* admin = jws->claims.if_contains("admin"); admin && admin->is_bool()) {
    id.admin = admin->as_bool();
  }
  return id;
}

}  // namespace chronotrail
