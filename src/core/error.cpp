#include "error.h"

using namespace Qt::StringLiterals;

namespace Ops {

bool Error::isRetryable() const
{
    switch (kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout:
    case ErrorKind::RateLimited:
    case ErrorKind::Unavailable:
    case ErrorKind::Server:
        return true;
    default:
        return false;
    }
}

QString Error::kindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return u"none"_s;
    case ErrorKind::Network:
        return u"network"_s;
    case ErrorKind::Timeout:
        return u"timeout"_s;
    case ErrorKind::Cancelled:
        return u"cancelled"_s;
    case ErrorKind::BadRequest:
        return u"bad_request"_s;
    case ErrorKind::Unauthorized:
        return u"unauthorized"_s;
    case ErrorKind::Forbidden:
        return u"forbidden"_s;
    case ErrorKind::NotFound:
        return u"not_found"_s;
    case ErrorKind::Conflict:
        return u"conflict"_s;
    case ErrorKind::PayloadTooLarge:
        return u"payload_too_large"_s;
    case ErrorKind::RateLimited:
        return u"rate_limited"_s;
    case ErrorKind::Unavailable:
        return u"unavailable"_s;
    case ErrorKind::Server:
        return u"server_error"_s;
    case ErrorKind::Protocol:
        return u"protocol"_s;
    case ErrorKind::Storage:
        return u"storage"_s;
    case ErrorKind::IdempotencyConflict:
        return u"idempotency_conflict"_s;
    }
    return u"unknown"_s;
}

ErrorKind Error::fromHttpStatus(int status)
{
    if (status >= 200 && status < 400)
        return ErrorKind::None;
    switch (status) {
    case 400:
    case 422:
        return ErrorKind::BadRequest;
    case 401:
        return ErrorKind::Unauthorized;
    case 403:
        return ErrorKind::Forbidden;
    case 404:
        return ErrorKind::NotFound;
    case 408:
        return ErrorKind::Timeout;
    case 409:
    case 412:
        return ErrorKind::Conflict;
    case 413:
        return ErrorKind::PayloadTooLarge;
    case 429:
        return ErrorKind::RateLimited;
    case 502:
    case 503:
    case 504:
        return ErrorKind::Unavailable;
    default:
        return status >= 500 ? ErrorKind::Server : ErrorKind::BadRequest;
    }
}

int Error::httpStatus(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return 200;
    case ErrorKind::BadRequest:
    case ErrorKind::Protocol:
        return 400;
    case ErrorKind::Unauthorized:
        return 401;
    case ErrorKind::Forbidden:
        return 403;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::PayloadTooLarge:
        return 413;
    case ErrorKind::RateLimited:
        return 429;
    case ErrorKind::Unavailable:
        return 503;
    case ErrorKind::IdempotencyConflict:
        return 422;
    case ErrorKind::Timeout:
        return 504;
    case ErrorKind::Network:
    case ErrorKind::Cancelled:
    case ErrorKind::Server:
    case ErrorKind::Storage:
        return 500;
    }
    return 500;
}

} // namespace Ops
