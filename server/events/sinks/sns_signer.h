// SnsSigner: the RSA key and self-signed X.509 certificate with which Socialite signs SNS
// messages, as SNS signs with the certificate behind SigningCertURL. Made once (OpenSSL) and
// kept in the database by the caller; immutable afterwards, so safe from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/core/result.h"

namespace socialite::events {

struct SnsKeyPem {
  std::string private_key_pem;
  std::string certificate_pem;
};

class SnsSigner {
 public:
  // A fresh RSA-2048 key and a certificate for it, self-signed, valid for ten years.
  static Result<SnsKeyPem> Generate();
  static Result<std::shared_ptr<const SnsSigner>> Load(const SnsKeyPem& pem);
  ~SnsSigner();
  SnsSigner(const SnsSigner&) = delete;
  SnsSigner& operator=(const SnsSigner&) = delete;

  // Base64 of the RSA signature of `text`: SHA1withRSA for SignatureVersion 1, SHA256withRSA
  // for 2. Empty on an OpenSSL failure.
  std::string Sign(const std::string& text, int signature_version) const;
  const std::string& certificate_pem() const { return pem_.certificate_pem; }
  // "SimpleNotificationService-<32 hex>.pem", named after the certificate as SNS names its own.
  const std::string& certificate_file() const { return certificate_file_; }

 private:
  struct Key;
  SnsSigner(SnsKeyPem pem, std::unique_ptr<Key> key);
  const SnsKeyPem pem_;
  const std::unique_ptr<Key> key_;
  const std::string certificate_file_;
};

}  // namespace socialite::events
