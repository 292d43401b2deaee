// SnsSigner: a generated key and certificate load back, signatures verify with the
// certificate's public key (SHA1 for version 1, SHA256 for version 2), and a certificate that
// does not belong to the key is refused.
#include "server/events/sinks/sns_signer.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <regex>
#include <string>

#include "server/core/json.h"

namespace socialite::events {
namespace {

// Verifies `signature_b64` over `text` with the certificate's key, as a receiver does.
bool Verifies(const std::string& cert_pem, const std::string& text,
              const std::string& signature_b64, int version) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (!cert) return false;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(X509_get_pubkey(cert.get()),
                                                          EVP_PKEY_free);
  std::optional<std::string> signature = Base64Decode(signature_b64);
  if (!signature) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestVerifyInit(ctx.get(), nullptr, version == 2 ? EVP_sha256() : EVP_sha1(), nullptr,
                       key.get());
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                          signature->size(), reinterpret_cast<const unsigned char*>(text.data()),
                          text.size()) == 1;
}

class SnsSignerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<SnsKeyPem> made = SnsSigner::Generate();
    ASSERT_TRUE(made.ok());
    pem_ = new SnsKeyPem(std::move(made).value());
  }
  static void TearDownTestSuite() { delete pem_; }
  static SnsKeyPem* pem_;
};
SnsKeyPem* SnsSignerTest::pem_ = nullptr;

TEST_F(SnsSignerTest, SignaturesVerifyWithTheCertificateForEachVersion) {
  Result<std::shared_ptr<const SnsSigner>> signer = SnsSigner::Load(*pem_);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  const std::string text = "Message\nhello\nType\nNotification\n";
  std::string v1 = (*signer)->Sign(text, 1);
  std::string v2 = (*signer)->Sign(text, 2);
  EXPECT_TRUE(Verifies(pem_->certificate_pem, text, v1, 1));
  EXPECT_TRUE(Verifies(pem_->certificate_pem, text, v2, 2));
  EXPECT_FALSE(Verifies(pem_->certificate_pem, text, v1, 2));
  EXPECT_FALSE(Verifies(pem_->certificate_pem, text + "x", v2, 2));
  EXPECT_EQ((*signer)->certificate_pem(), pem_->certificate_pem);
  EXPECT_TRUE(std::regex_match((*signer)->certificate_file(),
                               std::regex("SimpleNotificationService-[0-9a-f]{32}\\.pem")));
}

TEST_F(SnsSignerTest, LoadingTheSamePemGivesTheSameCertificateName) {
  auto first = SnsSigner::Load(*pem_);
  auto second = SnsSigner::Load(*pem_);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ((*first)->certificate_file(), (*second)->certificate_file());
}

TEST_F(SnsSignerTest, RefusesACertificateOfAnotherKeyAndGarbage) {
  Result<SnsKeyPem> other = SnsSigner::Generate();
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(SnsSigner::Load({pem_->private_key_pem, other->certificate_pem}).ok());
  EXPECT_FALSE(SnsSigner::Load({"not a key", pem_->certificate_pem}).ok());
  EXPECT_FALSE(SnsSigner::Load({pem_->private_key_pem, ""}).ok());
}

}  // namespace
}  // namespace socialite::events
