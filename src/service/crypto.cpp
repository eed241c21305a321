// Passwords and tokens. Argon2id via libargon2 (the reference implementation); CSPRNG bytes and
// SHA-256 via OpenSSL's libcrypto (already a libpq dependency).
#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <string>

#include "planwatch/service/service.hpp"

namespace planwatch::service {
namespace {

// OWASP's Argon2id minimum (m = 19 MiB, t = 2, p = 1): ~25 ms per hash on this machine — slow for an
// attacker, fine for sign-ins (which are throttled anyway).
constexpr std::uint32_t kTimeCost = 2;
constexpr std::uint32_t kMemoryKiB = 19 * 1024;
constexpr std::uint32_t kLanes = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

void random_bytes(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}

std::string base64url(const unsigned char* data, std::size_t n) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t k = 0; k < n; ++k) {
    acc = (acc << 8) | data[k];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 0x3F];
  return out;
}

}  // namespace

std::string hash_password(const std::string& password) {
  std::array<unsigned char, kSaltBytes> salt{};
  random_bytes(salt.data(), salt.size());
  const std::size_t len =
      argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(len, '\0');
  const int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(),
                                       salt.data(), salt.size(), kHashBytes, encoded.data(), len);
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0') == std::string::npos ? encoded.size() : encoded.find('\0'));
  return encoded;
}

bool verify_password(const std::string& password, const std::string& encoded) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  return base64url(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string sha256_hex(const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("EVP_Digest failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned k = 0; k < len; ++k) {
    out += kHex[md[k] >> 4];
    out += kHex[md[k] & 0xF];
  }
  return out;
}

}  // namespace planwatch::service
