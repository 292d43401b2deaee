#include "server/whatsapp/business_key.h"

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

namespace socialite::whatsapp {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

constexpr int kRequiredBits = 2048;

}  // namespace

std::optional<std::string> BusinessKeyProblem(const std::string& pem) {
  if (pem.find("-----BEGIN PUBLIC KEY-----") == std::string::npos &&
      pem.find("-----BEGIN RSA PUBLIC KEY-----") == std::string::npos) {
    if (pem.find("PRIVATE KEY-----") != std::string::npos) {
      return "businessPublicKey is a private key; upload only the public key (never share the "
             "private key)";
    }
    return "businessPublicKey must be a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)";
  }
  // The decoder reads both SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") and PKCS#1 ("BEGIN RSA
  // PUBLIC KEY", as `openssl rsa -RSAPublicKey_out` writes it).
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return "businessPublicKey could not be read";
  EVP_PKEY* decoded = nullptr;
  OSSL_DECODER_CTX* decoder = OSSL_DECODER_CTX_new_for_pkey(&decoded, "PEM", nullptr, nullptr,
                                                            EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
  if (decoder == nullptr) return "businessPublicKey could not be read";
  OSSL_DECODER_from_bio(decoder, bio.get());
  OSSL_DECODER_CTX_free(decoder);
  PkeyPtr key(decoded);
  if (!key) return "businessPublicKey is not a valid PEM public key";
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return "businessPublicKey must be an RSA key; Meta requires 2048-bit RSA";
  }
  int bits = EVP_PKEY_get_bits(key.get());
  if (bits != kRequiredBits) {
    return "businessPublicKey is a " + std::to_string(bits) +
           "-bit RSA key; Meta requires a 2048-bit RSA key";
  }
  return std::nullopt;
}

std::string NewRsaPublicKeyPem() {
  PkeyPtr key(EVP_RSA_gen(kRequiredBits));
  if (!key) return "";
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) return "";
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace socialite::whatsapp
