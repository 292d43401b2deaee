// Meta's rule for a business public key (Flows data exchange encryption): a PEM-encoded
// 2048-bit RSA public key. OpenSSL parses it; nothing else in the server touches key material.
#pragma once

#include <optional>
#include <string>

namespace socialite::whatsapp {

// Why `pem` is not a key Meta accepts, or nullopt when it is one.
std::optional<std::string> BusinessKeyProblem(const std::string& pem);

// A fresh 2048-bit RSA key pair's public half, as PEM (SubjectPublicKeyInfo). Stands for the
// public half of a KMS key, which Socialite has no KMS to read; empty when OpenSSL fails.
std::string NewRsaPublicKeyPem();

}  // namespace socialite::whatsapp
