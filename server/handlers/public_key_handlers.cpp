// The business public key of a phone number (Flows data exchange encryption): get and put.
#include "server/handlers/handler_table.h"
#include "server/handlers/lookups.h"
#include "server/handlers/store_errors.h"
#include "server/whatsapp/business_key.h"
#include "storage/calling_store.h"
#include "storage/statement.h"

namespace socialite {

Result<Value> GetWhatsAppBusinessPublicKey(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto number,
                   RequirePhoneNumber(ctx, *input.GetString("originationPhoneNumberId")));
  ASSIGN_OR_RETURN(
      auto key,
      FromStore(storage::CallingStore(ctx.services.db).FindPublicKey(ctx.partition, number.id)));
  // Both members are optional: a number without a key answers an empty object, as Meta's
  // endpoint answers no key.
  Value out = Value::Object();
  if (key) {
    out.Set("businessPublicKey", key->public_key_pem);
    out.Set("businessPublicKeySignatureStatus", key->signature_status);
  }
  return out;
}

Result<Value> PutWhatsAppBusinessPublicKey(RequestContext& ctx, const Value& input) {
  ASSIGN_OR_RETURN(auto number,
                   RequirePhoneNumber(ctx, *input.GetString("originationPhoneNumberId")));
  auto pem = input.GetString("businessPublicKey");
  auto kms_key_arn = input.GetString("kmsKeyArn");
  if (pem.has_value() == kms_key_arn.has_value()) {
    return InvalidParameters(
        "Provide exactly one of businessPublicKey (a PEM-encoded 2048-bit RSA public key) and "
        "kmsKeyArn (an asymmetric RSA_2048 KMS key)");
  }
  storage::BusinessPublicKeyRecord key;
  key.phone_number_id = number.id;
  key.kms_key_arn = kms_key_arn;
  if (pem) {
    if (auto problem = whatsapp::BusinessKeyProblem(*pem)) return InvalidParameters(*problem);
    key.public_key_pem = *pem;
  } else {
    // AWS reads the KMS key's public half and uploads it; with no KMS here, a fresh RSA-2048
    // public key stands for it.
    key.public_key_pem = whatsapp::NewRsaPublicKeyPem();
    if (key.public_key_pem.empty()) return InternalService("Could not make the KMS key's stand-in");
  }
  // Meta signs every key it accepts; MISMATCH would need a key Meta did not see uploaded.
  key.signature_status = "VALID";
  key.updated_ms = ctx.services.clock.NowMillis();
  storage::Transaction txn(ctx.services.db);
  RETURN_IF_ERROR(FromStore(txn.begin_status()));
  RETURN_IF_ERROR(
      FromStore(storage::CallingStore(ctx.services.db).PutPublicKey(ctx.partition, key)));
  RETURN_IF_ERROR(FromStore(txn.Commit()));
  return Value::Object();
}

}  // namespace socialite
