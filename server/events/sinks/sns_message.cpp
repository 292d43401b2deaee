#include "server/events/sinks/sns_message.h"

#include <openssl/evp.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "server/core/json.h"
#include "server/core/value.h"

namespace socialite::events {
namespace {

void AddSigned(std::string& out, const char* name, const std::optional<std::string>& value) {
  if (!value) return;
  out += name;
  out += '\n';
  out += *value;
  out += '\n';
}

}  // namespace

std::string SnsStringToSign(const SnsMessage& m) {
  std::string out;
  AddSigned(out, "Message", m.message);
  AddSigned(out, "MessageId", m.message_id);
  if (m.type == "Notification") {
    AddSigned(out, "Subject", m.subject);
    AddSigned(out, "Timestamp", m.timestamp);
  } else {
    AddSigned(out, "SubscribeURL", m.subscribe_url);
    AddSigned(out, "Timestamp", m.timestamp);
    AddSigned(out, "Token", m.token);
  }
  AddSigned(out, "TopicArn", m.topic_arn);
  AddSigned(out, "Type", m.type);
  return out;
}

std::string SnsMessageJson(const SnsMessage& m) {
  Value body = Value::Object();
  body.Set("Type", m.type);
  body.Set("MessageId", m.message_id);
  if (m.token) body.Set("Token", *m.token);
  body.Set("TopicArn", m.topic_arn);
  if (m.subject) body.Set("Subject", *m.subject);
  body.Set("Message", m.message);
  if (m.subscribe_url) body.Set("SubscribeURL", *m.subscribe_url);
  body.Set("Timestamp", m.timestamp);
  body.Set("SignatureVersion", std::to_string(m.signature_version));
  body.Set("Signature", m.signature);
  body.Set("SigningCertURL", m.signing_cert_url);
  if (m.unsubscribe_url) body.Set("UnsubscribeURL", *m.unsubscribe_url);
  return WriteJson(body);
}

std::string SnsTimestamp(int64_t epoch_ms) {
  int64_t seconds = epoch_ms >= 0 ? epoch_ms / 1000 : (epoch_ms - 999) / 1000;
  int millis = static_cast<int>(epoch_ms - seconds * 1000);
  std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

std::string NameBasedUuid(const std::string& name) {
  // A namespace of our own, so these ids never collide with another scheme's.
  static constexpr char kNamespace[] = "socialite/sns-message-id/";
  std::string input = std::string(kNamespace) + name;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha1(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0f];
  }
  return out;
}

}  // namespace socialite::events
