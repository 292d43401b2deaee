// ApiError: an AWS error named by the service spec, plus a message for a person.
// Handlers return these as values; only the serializer turns them into HTTP.
#pragma once

#include <string>
#include <utility>

namespace socialite {

enum class ErrorCode {
  kAccessDenied,
  kAccessDeniedByMeta,
  kConflict,  // 2026-09: SendWhatsAppCallEvent on a call in the wrong state
  kDependency,
  kInternalService,
  kInvalidParameters,
  kLimitExceeded,
  kResourceNotFound,
  kThrottledRequest,
  kValidation,
  // Protocol-level errors any operation may answer.
  kUnknownOperation,
  kSerialization,
  kRequestEntityTooLarge,
  // Authentication errors of the strict SigV4 mode (AWS's common errors).
  kMissingAuthenticationToken,
  kIncompleteSignature,
  kUnrecognizedClient,
  kInvalidSignature,
  kRequestExpired,
  // Internal, never answered: a read found work that must be written first (see exec/).
  kNeedsWriter,
};

// Wire name (the `__type`) and HTTP status of each code.
const char* ErrorName(ErrorCode code);
int ErrorHttpStatus(ErrorCode code);
// True for the errors every operation may answer whatever its spec entry lists.
bool IsProtocolError(ErrorCode code);

struct ApiError {
  ErrorCode code;
  std::string message;
};

inline ApiError InvalidParameters(std::string message) {
  return {ErrorCode::kInvalidParameters, std::move(message)};
}
inline ApiError ResourceNotFound(std::string message) {
  return {ErrorCode::kResourceNotFound, std::move(message)};
}
inline ApiError InternalService(std::string message) {
  return {ErrorCode::kInternalService, std::move(message)};
}
inline ApiError Serialization(std::string message) {
  return {ErrorCode::kSerialization, std::move(message)};
}
inline ApiError Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }
inline ApiError NeedsWriter() { return {ErrorCode::kNeedsWriter, "needs the writer"}; }
inline ApiError Validation(std::string message) {
  return {ErrorCode::kValidation, std::move(message)};
}

}  // namespace socialite
