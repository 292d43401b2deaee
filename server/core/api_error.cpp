#include "server/core/api_error.h"

namespace socialite {
namespace {

struct ErrorInfo {
  ErrorCode code;
  const char* name;
  int http_status;
  bool protocol_level;  // any operation may answer it, whatever its spec entry lists
};

constexpr ErrorInfo kErrors[] = {
    {ErrorCode::kAccessDenied, "AccessDeniedException", 403, false},
    {ErrorCode::kAccessDeniedByMeta, "AccessDeniedByMetaException", 403, false},
    {ErrorCode::kConflict, "ConflictException", 409, false},
    {ErrorCode::kDependency, "DependencyException", 502, false},
    {ErrorCode::kInternalService, "InternalServiceException", 500, false},
    {ErrorCode::kInvalidParameters, "InvalidParametersException", 400, false},
    {ErrorCode::kLimitExceeded, "LimitExceededException", 400, false},
    {ErrorCode::kResourceNotFound, "ResourceNotFoundException", 404, false},
    {ErrorCode::kThrottledRequest, "ThrottledRequestException", 429, false},
    {ErrorCode::kValidation, "ValidationException", 400, false},
    {ErrorCode::kUnknownOperation, "UnknownOperationException", 404, true},
    {ErrorCode::kSerialization, "SerializationException", 400, true},
    {ErrorCode::kRequestEntityTooLarge, "RequestEntityTooLargeException", 413, true},
    {ErrorCode::kMissingAuthenticationToken, "MissingAuthenticationTokenException", 403, true},
    {ErrorCode::kIncompleteSignature, "IncompleteSignature", 403, true},
    {ErrorCode::kUnrecognizedClient, "UnrecognizedClientException", 403, true},
    {ErrorCode::kInvalidSignature, "InvalidSignatureException", 403, true},
    {ErrorCode::kRequestExpired, "RequestExpired", 400, true},
    {ErrorCode::kNeedsWriter, "InternalServiceException", 500, false},
};

const ErrorInfo& Info(ErrorCode code) {
  for (const auto& info : kErrors) {
    if (info.code == code) return info;
  }
  return kErrors[4];  // InternalServiceException
}

}  // namespace

const char* ErrorName(ErrorCode code) { return Info(code).name; }
int ErrorHttpStatus(ErrorCode code) { return Info(code).http_status; }
bool IsProtocolError(ErrorCode code) { return Info(code).protocol_level; }

}  // namespace socialite
