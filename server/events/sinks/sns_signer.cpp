#include "server/events/sinks/sns_signer.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <utility>

#include "server/core/json.h"
#include "server/core/sha256.h"

namespace socialite::events {
namespace {

constexpr int kKeyBits = 2048;
constexpr long kValiditySeconds = 10L * 365 * 24 * 3600;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<size_t>(size)) : std::string();
}

BioPtr ReadBio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

}  // namespace

struct SnsSigner::Key {
  PkeyPtr pkey;
};

Result<SnsKeyPem> SnsSigner::Generate() {
  PkeyPtr key(EVP_RSA_gen(kKeyBits));
  if (!key) return InternalService("cannot generate the SNS signing key");
  X509Ptr cert(X509_new());
  if (!cert) return InternalService("cannot make the SNS signing certificate");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Socialite"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("sns.socialite.local"), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return InternalService("cannot sign the SNS signing certificate");
  }
  BioPtr key_out(BIO_new(BIO_s_mem()));
  BioPtr cert_out(BIO_new(BIO_s_mem()));
  if (!key_out || !cert_out ||
      PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1 ||
      PEM_write_bio_X509(cert_out.get(), cert.get()) != 1) {
    return InternalService("cannot write the SNS signing key as PEM");
  }
  return SnsKeyPem{BioText(key_out.get()), BioText(cert_out.get())};
}

Result<std::shared_ptr<const SnsSigner>> SnsSigner::Load(const SnsKeyPem& pem) {
  BioPtr key_in = ReadBio(pem.private_key_pem);
  PkeyPtr pkey(key_in ? PEM_read_bio_PrivateKey(key_in.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!pkey) return InternalService("the stored SNS signing key does not parse");
  BioPtr cert_in = ReadBio(pem.certificate_pem);
  X509Ptr cert(cert_in ? PEM_read_bio_X509(cert_in.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert || X509_check_private_key(cert.get(), pkey.get()) != 1) {
    return InternalService("the stored SNS signing certificate does not match its key");
  }
  auto key = std::make_unique<Key>();
  key->pkey = std::move(pkey);
  return std::shared_ptr<const SnsSigner>(new SnsSigner(pem, std::move(key)));
}

SnsSigner::SnsSigner(SnsKeyPem pem, std::unique_ptr<Key> key)
    : pem_(std::move(pem)),
      key_(std::move(key)),
      certificate_file_("SimpleNotificationService-" +
                        Sha256Hex(pem_.certificate_pem).substr(0, 32) + ".pem") {}

SnsSigner::~SnsSigner() = default;

std::string SnsSigner::Sign(const std::string& text, int signature_version) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  const EVP_MD* digest = signature_version == 2 ? EVP_sha256() : EVP_sha1();
  size_t size = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, digest, nullptr, key_->pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size()) != 1) {
    return "";
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1) {
    return "";
  }
  signature.resize(size);
  return Base64Encode(signature);
}

}  // namespace socialite::events
