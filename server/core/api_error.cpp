#include "server/core/api_error.h"

namespace socialite {

const char* ErrorName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kAccessDenied:
      return "AccessDeniedException";
    case ErrorCode::kAccessDeniedByMeta:
      return "AccessDeniedByMetaException";
    case ErrorCode::kDependency:
      return "DependencyException";
    case ErrorCode::kInternalService:
      return "InternalServiceException";
    case ErrorCode::kInvalidParameters:
      return "InvalidParametersException";
    case ErrorCode::kLimitExceeded:
      return "LimitExceededException";
    case ErrorCode::kResourceNotFound:
      return "ResourceNotFoundException";
    case ErrorCode::kThrottledRequest:
      return "ThrottledRequestException";
    case ErrorCode::kValidation:
      return "ValidationException";
    case ErrorCode::kUnknownOperation:
      return "UnknownOperationException";
    case ErrorCode::kSerialization:
      return "SerializationException";
    case ErrorCode::kRequestEntityTooLarge:
      return "RequestEntityTooLargeException";
  }
  return "InternalServiceException";
}

int ErrorHttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kAccessDenied:
    case ErrorCode::kAccessDeniedByMeta:
      return 403;
    case ErrorCode::kDependency:
      return 502;
    case ErrorCode::kInternalService:
      return 500;
    case ErrorCode::kResourceNotFound:
    case ErrorCode::kUnknownOperation:
      return 404;
    case ErrorCode::kThrottledRequest:
      return 429;
    case ErrorCode::kRequestEntityTooLarge:
      return 413;
    case ErrorCode::kInvalidParameters:
    case ErrorCode::kLimitExceeded:
    case ErrorCode::kValidation:
    case ErrorCode::kSerialization:
      return 400;
  }
  return 500;
}

bool IsProtocolError(ErrorCode code) {
  return code == ErrorCode::kUnknownOperation || code == ErrorCode::kSerialization ||
         code == ErrorCode::kRequestEntityTooLarge;
}

}  // namespace socialite
