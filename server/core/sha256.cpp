#include "server/core/sha256.h"

#include <openssl/evp.h>

#include <memory>

namespace socialite {
namespace {

// OpenSSL 3 looks the algorithm up under a lock on every EVP_Digest with EVP_sha256(); a
// digest fetched once and a context kept per thread make a hash cost only its rounds.
const EVP_MD* Sha256() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  return md != nullptr ? md : EVP_sha256();
}

struct ContextFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string Sha256Bytes(std::string_view data) {
  thread_local std::unique_ptr<EVP_MD_CTX, ContextFree> ctx(EVP_MD_CTX_new());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  bool hashed = ctx && EVP_DigestInit_ex2(ctx.get(), Sha256(), nullptr) == 1 &&
                EVP_DigestUpdate(ctx.get(), data.data(), data.size()) == 1 &&
                EVP_DigestFinal_ex(ctx.get(), digest, &size) == 1;
  if (!hashed) EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string Sha256Hex(std::string_view data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string digest = Sha256Bytes(data);
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xF];
  }
  return hex;
}

}  // namespace socialite
